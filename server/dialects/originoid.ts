/**
 * The originoid Presence dialect: only what a user is playing on Spotify, in originoid's shape.
 * @see README.md#originoid-and-grux-sockets
 */

import type { CanonicalPresence } from "../presence/types.ts";

/** originoid's `SpotifyActivity`: every field optional (`null`), times in ms since the epoch. */
export interface OriginoidSpotify {
  track: string | null;
  artist: string | null;
  album: string | null;
  album_art_url: string | null;
  started_at_ms: number | null;
  ends_at_ms: number | null;
}

/** originoid's `PresenceData`: one user's Spotify state at `timestamp_ms`. */
export interface OriginoidPresence {
  user_id: string;
  spotify: OriginoidSpotify | null;
  timestamp_ms: number;
}

/**
 * Views a canonical presence as originoid's `PresenceData`. `spotify` comes from the Spotify
 * integration's activity (as Lanyard's `spotify`; other players are not Spotify for originoid),
 * artists stay as Discord joins them (`; `), and `timestamp_ms` is when the presence last changed.
 *
 * @example
 * toOriginoid(presence);
 * // { user_id: "…", spotify: { track: "Let Go", artist: "Ark Patrol; Veronika Redd", … },
 * //   timestamp_ms: 1758879633871 }
 */
export function toOriginoid(p: CanonicalPresence): OriginoidPresence {
  const s = p.spotify;
  return {
    user_id: p.user_id,
    spotify: s
      ? {
          track: s.song,
          artist: s.artist,
          album: s.album,
          album_art_url: s.album_art_url,
          started_at_ms: s.timestamps?.start ?? null,
          ends_at_ms: s.timestamps?.end ?? null,
        }
      : null,
    timestamp_ms: p.updated_at,
  };
}

/**
 * What originoid's socket shows for a user presence-kit does not (or no longer) monitor: nothing
 * playing, as of `now`.
 * @example
 * toOriginoidEmpty("94490510688792576", Date.now()); // { user_id, spotify: null, timestamp_ms }
 */
export function toOriginoidEmpty(userId: string, now: number): OriginoidPresence {
  return { user_id: userId, spotify: null, timestamp_ms: now };
}
