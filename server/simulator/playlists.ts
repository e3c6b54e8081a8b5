/**
 * The tracks the listening personas play, and the activity objects Discord builds from them.
 * Track ids, album art ids and durations look like Spotify's so the Spotify parsing of every
 * dialect (track URL, album art URL, progress bar) is exercised with realistic values.
 */
import type { RawActivity } from "../presence/types.ts";

/** One track of a persona's playlist. */
export interface Track {
  /** Spotify track id (22 chars base62): becomes the activity's `sync_id`. */
  id: string;
  title: string;
  artists: string[];
  album: string;
  /** Album art image id: `large_image` is `spotify:<art>`, served at `/spotify/image/<art>`. */
  art: string;
  durationMs: number;
}

/** Desktop listener: Japanese title, two-artist credit, an emoji title. */
export const DESKTOP_PLAYLIST: readonly Track[] = [
  _track(
    "ExCxctRQWvazlH7wpXKwxl",
    "夜に駆ける",
    ["YOASOBI"],
    "THE BOOK",
    "e0c0a2a9f72a925572f06aed",
    261_000,
  ),
  _track(
    "mPotmWELRMJ7Qrqmrn45XU",
    "Midnight City",
    ["M83"],
    "Hurry Up, We're Dreaming",
    "25fda25a402e850b0520f761",
    243_000,
  ),
  _track(
    "SalbZwpr8X1iq5pblu6YB1",
    "Sunflower - Spider-Man: Into the Spider-Verse",
    ["Post Malone", "Swae Lee"],
    "Spider-Man: Into the Spider-Verse (Soundtrack From & Inspired by the Motion Picture)",
    "514ae93d1fd57b5f28707931",
    158_000,
  ),
  _track(
    "1nYdx3ceckoD3OADLsD2aE",
    "Moonlight 🌙",
    ["Kali Uchis"],
    "Red Moon In Venus",
    "fa9b0337cabd748aca47027f",
    187_000,
  ),
  _track(
    "c6ib8uduMJfiwRFBo99y53",
    "Blinding Lights",
    ["The Weeknd"],
    "After Hours",
    "80a21f995be44c88e51a3fd6",
    200_000,
  ),
];

/** Mobile listener. */
export const MOBILE_PLAYLIST: readonly Track[] = [
  _track(
    "lOMAmmvbybP60xIFhucX7K",
    "アイドル",
    ["YOASOBI"],
    "アイドル",
    "71b000830b280ce716f2e44b",
    213_000,
  ),
  _track(
    "GIJmiXNR7k4NjT6rTUGfRm",
    "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
    ["Daft Punk", "Pharrell Williams", "Nile Rodgers"],
    "Random Access Memories",
    "f91ed22246f395de72db25c3",
    369_000,
  ),
  _track(
    "d9Bbnp5fRB1JXMRamTzM55",
    "Nights",
    ["Frank Ocean"],
    "Blonde",
    "9cddbd04d76d156a110db784",
    307_000,
  ),
  _track(
    "HLMXvWZ7FyCxQGdOvlKVON",
    "KICK BACK",
    ["米津玄師"],
    "KICK BACK",
    "2223da9547aa7386089af70c",
    193_000,
  ),
];

/** The Apple Music listener (not Spotify: no sync_id, no party; `assets` point at an app asset). */
export const APPLE_MUSIC_PLAYLIST: readonly Track[] = [
  _track(
    "uYfHSwrtnMACRXXDaBWwwH",
    "Espresso",
    ["Sabrina Carpenter"],
    "Espresso",
    "453706019e5700be056e4d64",
    175_000,
  ),
  _track(
    "Z2RYVizercPQ9YGuIgZ7PY",
    "Cruel Summer",
    ["Taylor Swift"],
    "Lover",
    "a23178f13bf2b6eaff3e9193",
    178_000,
  ),
  _track(
    "bcwgBclekbXuOaTAVdZ2Ae",
    "Flowers",
    ["Miley Cyrus"],
    "Endless Summer Vacation",
    "fbd166307009305feaaebe92",
    200_000,
  ),
];

/** The Apple Music Rich Presence application the listener's activity comes from. */
export const APPLE_MUSIC_APP_ID = "911586675916931531";

/** Where a listener is in their playlist. */
export interface Playback {
  index: number;
  /** Wall-clock start of the current track, milliseconds. */
  start: number;
  /** Start of the listening session: the activity's `created_at`, stable across tracks. */
  createdAt: number;
  /** The Discord client session the activity belongs to. */
  sessionId: string;
}

/**
 * Spotify's activity exactly as Discord relays it: `details` is the song, `state` the artists
 * joined with "; ", `timestamps` are wall-clock so progress advances, `sync_id` the track id.
 */
export function toSpotifyActivity(userId: string, track: Track, playback: Playback): RawActivity {
  return {
    id: "spotify:1",
    name: "Spotify",
    type: 2,
    flags: 48,
    created_at: playback.createdAt,
    details: track.title,
    state: track.artists.join("; "),
    timestamps: { start: playback.start, end: playback.start + track.durationMs },
    assets: { large_image: `spotify:ab67616d0000b273${track.art}`, large_text: track.album },
    party: { id: `spotify:${userId}` },
    sync_id: track.id,
    session_id: playback.sessionId,
  };
}

/** A listening activity from another player, shaped like the popular Apple Music RPC apps. */
export function toAppleMusicActivity(track: Track, playback: Playback): RawActivity {
  return {
    id: "a8f3f29d2d1c7b35",
    name: "Apple Music",
    type: 2,
    application_id: APPLE_MUSIC_APP_ID,
    created_at: playback.createdAt,
    details: track.title,
    state: `by ${track.artists.join(", ")}`,
    timestamps: { start: playback.start, end: playback.start + track.durationMs },
    assets: { large_image: "911949063782532493", large_text: track.album },
  };
}

/** Moves playback to the track playing at `now`, continuing gaplessly from the previous end. */
export function advancePlayback(
  playlist: readonly Track[],
  playback: Playback,
  now: number,
): boolean {
  let changed = false;
  let end = playback.start + playlist[playback.index].durationMs;
  while (now >= end) {
    playback.index = (playback.index + 1) % playlist.length;
    // After a long pause (suspended laptop) restart at `now` rather than replay hours of tracks.
    playback.start = now - end > 3_600_000 ? now : end;
    end = playback.start + playlist[playback.index].durationMs;
    changed = true;
  }
  return changed;
}

// --- internal ---

function _track(
  id: string,
  title: string,
  artists: string[],
  album: string,
  art: string,
  durationMs: number,
): Track {
  return { id, title, artists, album, art, durationMs };
}
