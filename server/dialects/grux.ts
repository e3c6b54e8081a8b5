/**
 * The Grux dialect: a profile (with badges, guild tag and images) and the live part — status,
 * Spotify and the other activities — in Grux's shapes.
 * @see README.md#originoid-and-grux-sockets
 */

import { ACTIVITY_TYPE, assetImageUrl } from "../presence/activity.ts";
import { badgeIconUrl, userFlags, type UserFlag } from "../presence/flags.ts";
import { BUILD_DEFAULTS } from "../presence/options.ts";
import { isSpotify } from "../presence/spotify.ts";
import type { BuildOptions, CanonicalPresence, RawActivity } from "../presence/types.ts";

/** A profile badge from the public flags. */
export interface GruxBadge {
  id: string;
  description: string;
  asset: string;
  badge_image: string;
}

/** The user's guild tag. */
export interface GruxClan {
  tag: string;
  identity_guild_id: string | null;
  asset: string | null;
  clan_image: string | null;
}

/** Grux's `profile`, keys in Grux's order. */
export interface GruxProfile {
  bot: boolean;
  device: string | null;
  id: string;
  creation_date: string;
  username: string;
  display_name: string;
  link: string;
  avatar: string | null;
  avatar_image: string;
  avatar_decoration_image: string | null;
  nameplate_image: string | null;
  badges: GruxBadge[];
  clan: GruxClan | null;
  /** Always empty: a bot cannot see a user's connections. */
  connected_accounts: never[];
}

/** Grux's `spotify`. */
export interface GruxSpotify {
  type: "Listening to Spotify";
  name: string;
  song: string | null;
  /** Artists joined with `, ` (Discord joins them with `; `). */
  artist: string | null;
  album: string | null;
  album_image: string | null;
  link: string | null;
  timestamps: { start?: number; end?: number } | null;
  created_at: number | null;
}

/** One entry of Grux's `activity`. */
export interface GruxActivityItem {
  type: "Playing" | "Streaming" | "Listening" | "Watching" | "Competing";
  name: string;
  state: string | null;
  details: string | null;
  largeText: string | null;
  largeImage: string | null;
  smallText: string | null;
  smallImage: string | null;
  timestamps: { start?: number; end?: number } | null;
  created_at: number | null;
}

/** The live part Grux pushes in `presence_update` (and answers on `/activity/:id`). */
export interface GruxActivity {
  status: string;
  spotify: GruxSpotify | null;
  activity: GruxActivityItem[];
}

/**
 * Views a canonical presence as Grux's `profile`. URLs the canonical model already has (avatar,
 * decoration, guild badge) are reused; badge icons and nameplates use `options.cdnUrl`.
 * `badges` only has what public flags tell (a bot cannot see Nitro, boost or quest badges).
 *
 * @example
 * toGruxProfile(presence, { cdnUrl: "https://cdn.discordapp.com" }).avatar_image;
 * // "https://cdn.discordapp.com/avatars/<id>/<hash>.png?size=1024"
 */
export function toGruxProfile(p: CanonicalPresence, options: BuildOptions = {}): GruxProfile {
  const { cdnUrl = BUILD_DEFAULTS.cdnUrl } = options;
  const u = p.user;
  const guild = u.primary_guild;
  return {
    bot: u.bot,
    device: p.clients.primary,
    id: u.id,
    creation_date: new Date(u.created_at).toISOString(),
    username: u.username,
    display_name: u.display_name,
    link: `https://discord.com/users/${u.id}`,
    avatar: u.avatar,
    // The default avatar (no hash) has no size variants.
    avatar_image: u.avatar ? u.avatar_url.replace(/([?&])size=\d+/, "$1size=1024") : u.avatar_url,
    avatar_decoration_image: u.avatar_decoration_data?.avatar_decoration_url ?? null,
    nameplate_image: _nameplate(u.collectibles, cdnUrl),
    badges: userFlags(u.public_flags).flatMap((f) => (f.icon ? [_badge(f, f.icon, cdnUrl)] : [])),
    clan:
      guild?.tag && guild.identity_enabled !== false
        ? {
            tag: guild.tag,
            identity_guild_id: guild.identity_guild_id ?? null,
            asset: guild.badge ?? null,
            clan_image: guild.badge_url?.split("?")[0] ?? null,
          }
        : null,
    connected_accounts: [],
  };
}

/**
 * Views a canonical presence as Grux's live part: status, Spotify (artists joined with `, `,
 * a track link) and every other activity except custom statuses, with asset image URLs.
 *
 * @example
 * toGruxActivity(presence).activity[0];
 * // { type: "Playing", name: "Visual Studio Code", largeImage: "https://…", … }
 */
export function toGruxActivity(p: CanonicalPresence, options: BuildOptions = {}): GruxActivity {
  const activity: GruxActivityItem[] = [];
  for (const a of p.activities) {
    const type = _TYPE_NAMES[a.type];
    if (type && !isSpotify(a)) activity.push(_activity(a, type, options));
  }
  return { status: p.discord_status, spotify: _spotify(p), activity };
}

// --- internal ---

const _TYPE_NAMES: Record<number, GruxActivityItem["type"] | undefined> = {
  [ACTIVITY_TYPE.Playing]: "Playing",
  [ACTIVITY_TYPE.Streaming]: "Streaming",
  [ACTIVITY_TYPE.Listening]: "Listening",
  [ACTIVITY_TYPE.Watching]: "Watching",
  [ACTIVITY_TYPE.Competing]: "Competing",
};

function _spotify(p: CanonicalPresence): GruxSpotify | null {
  const s = p.spotify;
  const raw = s && p.activities.find(isSpotify);
  if (!s || !raw) return null;
  return {
    type: "Listening to Spotify",
    name: raw.name,
    song: s.song,
    artist: s.artist === null ? null : s.artist.split(/\s*;\s*/).join(", "),
    album: s.album,
    album_image: s.album_art_url,
    link: s.track_id ? `https://open.spotify.com/track/${s.track_id}` : null,
    timestamps: s.timestamps,
    created_at: raw.created_at ?? null,
  };
}

function _activity(
  a: RawActivity,
  type: GruxActivityItem["type"],
  options: BuildOptions,
): GruxActivityItem {
  const image = { ...options, applicationId: a.application_id };
  return {
    type,
    name: a.name,
    state: a.state ?? null,
    details: a.details ?? null,
    largeText: a.assets?.large_text ?? null,
    largeImage: assetImageUrl(a.assets?.large_image, image),
    smallText: a.assets?.small_text ?? null,
    smallImage: assetImageUrl(a.assets?.small_image, image),
    timestamps: a.timestamps ?? null,
    created_at: a.created_at ?? null,
  };
}

function _badge(flag: UserFlag, icon: string, cdnUrl: string): GruxBadge {
  const { id, description } = flag;
  return { id, description, asset: icon, badge_image: badgeIconUrl(icon, { cdnUrl }) };
}

/** Discord's nameplate collectible: `{ nameplate: { asset: "nameplates/…/twilight/" } }`. */
function _nameplate(collectibles: unknown, cdnUrl: string): string | null {
  const asset = (collectibles as { nameplate?: { asset?: unknown } } | null)?.nameplate?.asset;
  if (typeof asset !== "string" || asset === "") return null;
  return `${cdnUrl}/assets/collectibles/${asset.endsWith("/") ? asset : `${asset}/`}static.png`;
}
