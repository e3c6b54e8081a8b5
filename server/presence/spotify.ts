/**
 * Spotify and "now playing": the music views of the raw activities.
 * @see README.md#the-canonical-presence-model
 */

import { activityAlbum, assetImageUrl, isListening } from "./activity.ts";
import type { BuildOptions, RawActivity, SpotifyInfo } from "./types.ts";

/**
 * The activity id Discord gives the Spotify integration's activity. Lanyard detects Spotify by
 * this id, not by type or name, so a Rich Presence app named "Spotify" does not count.
 */
export const SPOTIFY_ACTIVITY_ID = "spotify:1";

/** Whether an activity is the Spotify integration's activity (`id === "spotify:1"`). */
export function isSpotify(activity: RawActivity): boolean {
  return activity.id === SPOTIFY_ACTIVITY_ID;
}

/**
 * Builds Lanyard's custom Spotify object (plus Tether's `party_id`) from a Spotify activity.
 * Every field falls back to `null` rather than throwing, including a `large_image` that is
 * present but `null` (which crashes the reference implementation).
 *
 * - `track_id`: `sync_id` when it is a string.
 * - `song` / `artist`: `details` / `state`, raw (several artists stay `;`-joined).
 * - `album`: see {@link activityAlbum}.
 * - `album_art_url`: only for `spotify:<id>` images.
 *
 * @example
 * const activity = activities.find(isSpotify);
 * const spotify = activity ? toSpotify(activity) : null;
 */
export function toSpotify(activity: RawActivity, options: BuildOptions = {}): SpotifyInfo {
  const image = activity.assets?.large_image;
  return {
    track_id: typeof activity.sync_id === "string" ? activity.sync_id : null,
    timestamps: activity.timestamps ?? null,
    song: activity.details ?? null,
    artist: activity.state ?? null,
    album_art_url:
      typeof image === "string" && image.startsWith("spotify:")
        ? assetImageUrl(image, options)
        : null,
    album: activityAlbum(activity),
    party_id: activity.party?.id ?? null,
  };
}

/** What a user is listening to, whatever the player: the shape cards render. */
export interface NowPlaying {
  /** The player, i.e. the activity's `name` (`"Spotify"`, `"Apple Music"`, `"TIDAL"`…). */
  source: string;
  song: string | null;
  artist: string | null;
  album: string | null;
  album_art_url: string | null;
  timestamps: { start?: number; end?: number } | null;
}

/**
 * The first "Listening to …" activity (type 2) of any player, normalised; `null` when there is
 * none. Unlike `listening_to_spotify` this also covers Apple Music, TIDAL, YouTube Music and other
 * players that publish a Listening activity. `album_art_url` follows {@link assetImageUrl}, so
 * Spotify art, `mp:external/…` art through the media proxy and application assets all resolve.
 *
 * @example
 * const playing = nowPlaying(presence.activities);
 * if (playing) console.log(`${playing.song} by ${playing.artist} on ${playing.source}`);
 */
export function nowPlaying(
  activities: readonly RawActivity[],
  options: BuildOptions = {},
): NowPlaying | null {
  const activity = activities.find(isListening);
  if (!activity) return null;
  return {
    source: activity.name,
    song: activity.details ?? null,
    artist: activity.state ?? null,
    album: activityAlbum(activity),
    album_art_url: assetImageUrl(activity.assets?.large_image, {
      ...options,
      applicationId: activity.application_id,
    }),
    timestamps: activity.timestamps ?? null,
  };
}
