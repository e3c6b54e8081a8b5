/**
 * The Lanyard dialect: the canonical presence as Lanyard's presence object (`data` / `d`).
 * @see README.md#lanyard-rest
 */

import type {
  CanonicalPresence,
  DiscordStatus,
  RawActivity,
  RawUser,
  SpotifyInfo,
} from "../presence/types.ts";

/** Lanyard's custom Spotify object: no `party_id`, keys in the reference's alphabetical order. */
export interface LanyardSpotify {
  album: string | null;
  album_art_url: string | null;
  artist: string | null;
  song: string | null;
  timestamps: SpotifyInfo["timestamps"];
  track_id: string | null;
}

/** Lanyard's presence object, keys in the order the reference emits them (alphabetical). */
export interface LanyardPresence {
  active_on_discord_desktop: boolean;
  active_on_discord_embedded: boolean;
  active_on_discord_mobile: boolean;
  active_on_discord_vr: boolean;
  active_on_discord_web: boolean;
  activities: RawActivity[];
  discord_status: DiscordStatus;
  discord_user: RawUser;
  kv: Record<string, string>;
  /**
   * presence-kit's one addition: when the user was last seen not offline (ms since the epoch),
   * `null` if never. Lanyard clients ignore unknown fields.
   */
  last_seen: number | null;
  listening_to_spotify: boolean;
  spotify: LanyardSpotify | null;
}

/**
 * Views a canonical presence as Lanyard's presence object, byte-compatible in key order with the
 * reference for the top level and the `spotify` object. Raw sub-objects (`discord_user`,
 * `activities`) keep Discord's key order; the reference re-sorts them, which JSON clients ignore.
 *
 * @example
 * return { success: true, data: toLanyard(presence) };
 */
export function toLanyard(p: CanonicalPresence): LanyardPresence {
  return {
    active_on_discord_desktop: p.active_on_discord_desktop,
    active_on_discord_embedded: p.active_on_discord_embedded,
    active_on_discord_mobile: p.active_on_discord_mobile,
    active_on_discord_vr: p.active_on_discord_vr,
    active_on_discord_web: p.active_on_discord_web,
    activities: p.activities,
    discord_status: p.discord_status,
    discord_user: p.discord_user,
    kv: p.kv,
    last_seen: p.last_seen,
    listening_to_spotify: p.listening_to_spotify,
    spotify: p.spotify ? _spotify(p.spotify) : null,
  };
}

// --- internal ---

function _spotify(s: SpotifyInfo): LanyardSpotify {
  return {
    album: s.album,
    album_art_url: s.album_art_url,
    artist: s.artist,
    song: s.song,
    timestamps: s.timestamps,
    track_id: s.track_id,
  };
}
