/**
 * Raw Discord shapes (snake_case, as the Gateway sends them) and the canonical presence model that
 * every dialect is a pure view of.
 * @see README.md#the-canonical-presence-model
 */

/** A Discord user object as the Gateway sends it (member.user, PRESENCE_UPDATE.user, READY.user). */
export interface RawUser {
  id: string;
  username?: string;
  discriminator?: string;
  global_name?: string | null;
  display_name?: string | null;
  avatar?: string | null;
  bot?: boolean;
  public_flags?: number;
  avatar_decoration_data?: RawAvatarDecoration | null;
  primary_guild?: RawPrimaryGuild | null;
  clan?: RawPrimaryGuild | null;
  collectibles?: unknown;
  display_name_styles?: unknown;
  [key: string]: unknown;
}

export interface RawAvatarDecoration {
  asset: string;
  sku_id?: string | null;
  expires_at?: number | null;
}

export interface RawPrimaryGuild {
  identity_guild_id?: string | null;
  identity_enabled?: boolean | null;
  tag?: string | null;
  badge?: string | null;
}

/** One entry of Discord's `activities` array, passed through untouched. */
export interface RawActivity {
  id?: string;
  name: string;
  type: number;
  url?: string | null;
  created_at?: number;
  timestamps?: { start?: number; end?: number } | null;
  application_id?: string;
  details?: string | null;
  state?: string | null;
  emoji?: { name: string; id?: string | null; animated?: boolean } | null;
  party?: { id?: string; size?: [number, number] } | null;
  assets?: {
    large_image?: string | null;
    large_text?: string | null;
    small_image?: string | null;
    small_text?: string | null;
  } | null;
  sync_id?: string;
  session_id?: string;
  flags?: number;
  platform?: string;
  buttons?: string[];
  [key: string]: unknown;
}

/** The Discord client platforms a presence can be active on. */
export type ClientPlatform = "desktop" | "mobile" | "web" | "embedded" | "vr";

/** A Discord status as presence-kit serves it (`invisible` is served as `offline`, like Discord does). */
export type DiscordStatus = "online" | "idle" | "dnd" | "offline";

/** The presence part of a Gateway PRESENCE_UPDATE (or a member chunk's presence). */
export interface RawPresence {
  status: string;
  activities?: RawActivity[];
  client_status?: Partial<Record<ClientPlatform, string>>;
}

/**
 * Everything the hub knows about one monitored user: the inputs of the pure builder.
 * The hub persists this (not the built presence), so a rebuild after an upgrade uses new rules.
 */
export interface UserState {
  user: RawUser;
  /** `null` while no presence is on record (offline at sync time). */
  presence: RawPresence | null;
  kv: Record<string, string>;
  /** Milliseconds since the epoch when the user was last seen not offline; `null` if never. */
  last_seen: number | null;
  /** Milliseconds since the epoch of the last change to this state. */
  updated_at: number;
}

/** Lanyard's custom Spotify object, plus Tether's `party_id`. */
export interface SpotifyInfo {
  track_id: string | null;
  timestamps: { start?: number; end?: number } | null;
  song: string | null;
  artist: string | null;
  album_art_url: string | null;
  album: string | null;
  party_id: string | null;
}

/** The normalised user every non-Lanyard dialect and the cards read. */
export interface CanonicalUser {
  id: string;
  username: string;
  global_name: string | null;
  /** `global_name ?? username`. */
  display_name: string;
  discriminator: string;
  avatar: string | null;
  /** The avatar on the CDN, or the default avatar when the user has none. */
  avatar_url: string;
  bot: boolean;
  public_flags: number;
  /** Semantic names of `public_flags`, e.g. `House_Bravery`. */
  public_flag_names: string[];
  avatar_decoration_data: (RawAvatarDecoration & { avatar_decoration_url: string }) | null;
  primary_guild: (RawPrimaryGuild & { badge_url: string | null }) | null;
  /** Account creation time from the snowflake, milliseconds since the epoch. */
  created_at: number;
  collectibles: unknown;
  display_name_styles: unknown;
}

/** The one canonical presence: the superset of every dialect's data. */
export interface CanonicalPresence {
  user_id: string;
  /** The raw user object exactly as Discord last sent it (Lanyard passes it through). */
  discord_user: RawUser;
  user: CanonicalUser;
  discord_status: DiscordStatus;
  /** Discord's activities, raw and complete, in Discord's order. */
  activities: RawActivity[];
  client_status: Partial<Record<ClientPlatform, string>>;
  clients: { active: ClientPlatform[]; primary: ClientPlatform | null };
  active_on_discord_desktop: boolean;
  active_on_discord_mobile: boolean;
  active_on_discord_web: boolean;
  active_on_discord_embedded: boolean;
  active_on_discord_vr: boolean;
  listening_to_spotify: boolean;
  spotify: SpotifyInfo | null;
  kv: Record<string, string>;
  last_seen: number | null;
  updated_at: number;
}

/** Where the builder points URLs; configurable so a self-hosted or simulated CDN works offline. */
export interface BuildOptions {
  /** @default "https://cdn.discordapp.com" */
  cdnUrl?: string;
  /** @default "https://i.scdn.co/image" */
  spotifyImageUrl?: string;
  /**
   * Discord's media proxy, which serves `mp:` activity assets.
   * @default "https://media.discordapp.net"
   */
  mediaProxyUrl?: string;
}
