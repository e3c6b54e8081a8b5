/**
 * The pure builder: what the hub knows about a user → the canonical presence every dialect reads.
 * @see README.md#the-canonical-presence-model
 */

import { clipActivity, clipUser } from "./clip.ts";
import { isSpotify, toSpotify } from "./spotify.ts";
import { toClients, toDiscordStatus } from "./status.ts";
import type {
  BuildOptions,
  CanonicalPresence,
  ClientPlatform,
  RawActivity,
  UserState,
} from "./types.ts";
import { buildUser } from "./user.ts";

/**
 * Builds the canonical presence of one user. Pure and cheap: it runs for every Gateway event, so
 * it reads the clock from `state` (never `Date.now()`) and does not copy raw data. The result
 * shares `discord_user`, `activities`, `client_status` and `kv` with `state`; treat both as
 * immutable.
 *
 * Field rules (Lanyard's reference code where its README differs):
 * - `discord_status`: the raw status, `invisible` and unknown values served as `offline`;
 *   `offline` without a presence.
 * - `activities`: raw and complete, in Discord's order; only a numeric `application_id` or
 *   `emoji.id` is turned into a string (those activities alone are shallow-copied). `[]` if none.
 * - `active_on_discord_*` and `clients`: a platform counts when its key is present in
 *   `client_status`, whatever its value; see `toClients` for the order and the primary client.
 * - `listening_to_spotify` / `spotify`: some activity has id `spotify:1`; `spotify` is built from
 *   the first one, else `null`.
 * - `discord_user`: `state.user` as-is; `user`: {@link buildUser}, or `previous.user` when
 *   `previous` was built from the very same raw user object (builders never mutate it).
 * - Text over Discord's own limits (names 32, activity texts 128, …; see `clip.ts`) is clipped
 *   first, in `discord_user` and `activities` too, so no dialect or card sees more. Objects are
 *   copied only when something is clipped.
 *
 * @example
 * const presence = buildPresence(userId, hubState, { cdnUrl: config.cdnUrl });
 * presence.spotify?.song; // "Let Go"
 */
export function buildPresence(
  userId: string,
  state: UserState,
  options: BuildOptions = {},
  previous?: Pick<CanonicalPresence, "discord_user" | "user">,
): CanonicalPresence {
  const presence = state.presence;
  const rawUser = clipUser(state.user);
  const activities = _activities(presence?.activities);
  const clientStatus = presence?.client_status ?? {};
  const clients = toClients(clientStatus);
  const spotifyActivity = activities.find(isSpotify);
  return {
    user_id: userId,
    discord_user: rawUser,
    // Most events change only the presence: reuse the normalised user built from the same object.
    user: previous?.discord_user === rawUser ? previous.user : buildUser(rawUser, options),
    discord_status: toDiscordStatus(presence?.status),
    activities,
    client_status: clientStatus,
    clients,
    active_on_discord_desktop: _has(clients.active, "desktop"),
    active_on_discord_mobile: _has(clients.active, "mobile"),
    active_on_discord_web: _has(clients.active, "web"),
    active_on_discord_embedded: _has(clients.active, "embedded"),
    active_on_discord_vr: _has(clients.active, "vr"),
    listening_to_spotify: spotifyActivity !== undefined,
    spotify: spotifyActivity ? toSpotify(spotifyActivity, options) : null,
    kv: state.kv,
    last_seen: state.last_seen,
    updated_at: state.updated_at,
  };
}

// --- internal ---

function _has(active: ClientPlatform[], platform: ClientPlatform): boolean {
  return active.includes(platform);
}

/** Returns `raw` itself unless an id needs stringifying; then only those entries are copied. */
function _activities(raw: RawActivity[] | undefined): RawActivity[] {
  if (!Array.isArray(raw)) return [];
  let out: RawActivity[] | undefined;
  for (let i = 0; i < raw.length; i++) {
    const fixed = clipActivity(_stringifyIds(raw[i]));
    if (fixed !== raw[i]) {
      out ??= raw.slice();
      out[i] = fixed;
    }
  }
  return out ?? raw;
}

// The reference turns integer ids into strings (an ETF-gateway leftover): JSON clients then get
// the same type whatever the source, and ids above 2^53 are not silently rounded again later.
function _stringifyIds(activity: RawActivity): RawActivity {
  const appId: unknown = activity.application_id;
  const emojiId: unknown = activity.emoji?.id;
  const fixApp = typeof appId === "number" || typeof appId === "bigint";
  const fixEmoji = typeof emojiId === "number" || typeof emojiId === "bigint";
  if (!fixApp && !fixEmoji) return activity;
  const copy: RawActivity = { ...activity };
  if (fixApp) copy.application_id = String(appId);
  if (fixEmoji && activity.emoji) copy.emoji = { ...activity.emoji, id: String(emojiId) };
  return copy;
}
