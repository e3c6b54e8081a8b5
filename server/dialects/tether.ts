/**
 * The Tether dialect: `PresenceData` as Tether's REST API and socket serve it.
 * @see README.md#tether
 */

import { assetImageUrl } from "../presence/activity.ts";
import { USER_FLAGS } from "../presence/flags.ts";
import { isSpotify } from "../presence/spotify.ts";
import type { BuildOptions, CanonicalPresence, RawActivity } from "../presence/types.ts";

/** Start/end in ms since the epoch; each only when Discord sent it. */
export interface TetherTimestamps {
  start?: number;
  end?: number;
}

/** One activity, Tether's partially structured copy of Discord's. */
export interface TetherActivity {
  id: string;
  name: string;
  type: number;
  created_at: number;
  session_id: string;
  application_id?: string;
  emoji?: { name: string };
  details?: string;
  state?: string;
  platform?: string;
  assets?: Partial<Record<_AssetKey, string>>;
  timestamps?: TetherTimestamps;
}

/** Tether's `discord_user`. */
export interface TetherUser {
  id: string;
  username: string;
  global_name?: string;
  avatar?: string;
  avatar_url: string;
  avatar_decoration_data?: {
    asset: string;
    avatar_decoration_url: string;
    expires_at: number | null;
    sku_id: string | null;
  };
  primary_guild?: {
    badge: string | null;
    badge_url: string | null;
    identity_enabled: boolean | null;
    identity_guild_id: string | null;
    tag: string | null;
  };
  collectibles: unknown;
  display_name_styles: unknown;
  public_flags: string[];
}

/** Tether's `spotify` (present only while listening). */
export interface TetherSpotify {
  track_id?: string;
  party_id?: string;
  timestamps?: TetherTimestamps;
  song?: string;
  artist?: string;
  album_art_url?: string;
  album?: string;
}

/** Tether's `PresenceData`. */
export interface TetherPresence {
  status: string;
  activities: TetherActivity[];
  clients: { active: string[]; primary: string };
  discord_user: TetherUser;
  spotify?: TetherSpotify;
}

/**
 * Views a canonical presence as Tether's `PresenceData`. Follows Tether's Go structs: `omitempty`
 * fields are left out when empty (`spotify` when not listening, `avatar_decoration_data` and
 * `primary_guild` when the user has none), plain strings are `""` when Discord sent nothing
 * (`clients.primary` while offline). `public_flags` are semantic names in Tether's order; the
 * Spotify activity is served as `spotify`, not in `activities`.
 *
 * @example
 * toTether(presence).discord_user.public_flags; // ["House_Bravery"]
 */
export function toTether(p: CanonicalPresence, options: BuildOptions = {}): TetherPresence {
  const u = p.user;
  const user = { id: u.id, username: u.username } as TetherUser;
  if (u.global_name) user.global_name = u.global_name;
  if (u.avatar) user.avatar = u.avatar;
  // Tether serves WebP avatars and app assets; the canonical URLs are PNG.
  user.avatar_url = u.avatar ? u.avatar_url.replace(/\.png(\?|$)/, ".webp$1") : u.avatar_url;
  const deco = u.avatar_decoration_data;
  if (deco) {
    user.avatar_decoration_data = {
      asset: deco.asset,
      avatar_decoration_url: deco.avatar_decoration_url,
      expires_at: deco.expires_at ?? null,
      sku_id: deco.sku_id ?? null,
    };
  }
  const guild = u.primary_guild;
  if (guild) {
    user.primary_guild = {
      badge: guild.badge ?? null,
      badge_url: guild.badge_url,
      identity_enabled: guild.identity_enabled ?? null,
      identity_guild_id: guild.identity_guild_id ?? null,
      tag: guild.tag ?? null,
    };
  }
  user.collectibles = u.collectibles ?? null;
  user.display_name_styles = u.display_name_styles ?? null;
  user.public_flags = tetherFlagNames(u.public_flag_names);
  const data: TetherPresence = {
    status: p.discord_status,
    // Tether moves the Spotify integration's activity into `spotify`.
    activities: p.activities.filter((a) => !isSpotify(a)).map((a) => _activity(a, options)),
    clients: { active: [...p.clients.active], primary: p.clients.primary ?? "" },
    discord_user: user,
  };
  if (p.spotify) data.spotify = _spotify(p.spotify);
  return data;
}

/**
 * Sorts semantic flag names the way Tether lists them (staff first, developer badges last);
 * names Tether does not know keep their bit order after the known ones.
 * @example
 * tetherFlagNames(["House_Bravery", "Discord_Employee"]); // ["Discord_Employee", "House_Bravery"]
 */
export function tetherFlagNames(names: readonly string[]): string[] {
  return [...names].sort((a, b) => _rank(a) - _rank(b));
}

// --- internal ---

type _AssetKey =
  | "large_image"
  | "large_image_url"
  | "large_text"
  | "small_image"
  | "small_image_url"
  | "small_text";

const _ORDER: readonly string[] = [
  USER_FLAGS.Staff.name,
  USER_FLAGS.CertifiedModerator.name,
  USER_FLAGS.Partner.name,
  USER_FLAGS.Hypesquad.name,
  USER_FLAGS.HypeSquadOnlineHouse1.name,
  USER_FLAGS.HypeSquadOnlineHouse2.name,
  USER_FLAGS.HypeSquadOnlineHouse3.name,
  USER_FLAGS.BugHunterLevel1.name,
  USER_FLAGS.BugHunterLevel2.name,
  USER_FLAGS.ActiveDeveloper.name,
  USER_FLAGS.VerifiedDeveloper.name,
  USER_FLAGS.PremiumEarlySupporter.name,
];

function _rank(name: string): number {
  const i = _ORDER.indexOf(name);
  return i === -1 ? _ORDER.length : i;
}

function _activity(a: RawActivity, options: BuildOptions): TetherActivity {
  const out: TetherActivity = {
    id: a.id ?? "",
    name: a.name,
    type: a.type,
    created_at: a.created_at ?? 0,
    session_id: a.session_id ?? "",
  };
  if (a.application_id) out.application_id = a.application_id;
  if (a.emoji?.name) out.emoji = { name: a.emoji.name };
  if (a.details) out.details = a.details;
  if (a.state) out.state = a.state;
  if (a.platform) out.platform = a.platform;
  if (a.assets) out.assets = _assets(a, options);
  if (a.timestamps) out.timestamps = _timestamps(a.timestamps);
  return out;
}

function _assets(a: RawActivity, options: BuildOptions): Partial<Record<_AssetKey, string>> {
  const image = { ...options, applicationId: a.application_id };
  const out: Partial<Record<_AssetKey, string>> = {};
  for (const size of ["large", "small"] as const) {
    const asset = a.assets?.[`${size}_image`];
    const url = assetImageUrl(asset, image)?.replace(/(\/app-assets\/.*)\.png$/, "$1.webp");
    if (asset) out[`${size}_image`] = asset;
    if (url) out[`${size}_image_url`] = url;
    const text = a.assets?.[`${size}_text`];
    if (text) out[`${size}_text`] = text;
  }
  return out;
}

function _timestamps(t: { start?: number; end?: number }): TetherTimestamps {
  const out: TetherTimestamps = {};
  if (typeof t.start === "number") out.start = t.start;
  if (typeof t.end === "number") out.end = t.end;
  return out;
}

function _spotify(s: NonNullable<CanonicalPresence["spotify"]>): TetherSpotify {
  const out: TetherSpotify = {};
  if (s.track_id) out.track_id = s.track_id;
  if (s.party_id) out.party_id = s.party_id;
  if (s.timestamps) out.timestamps = _timestamps(s.timestamps);
  if (s.song) out.song = s.song;
  if (s.artist) out.artist = s.artist;
  if (s.album_art_url) out.album_art_url = s.album_art_url;
  if (s.album) out.album = s.album;
  return out;
}
