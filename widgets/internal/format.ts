/**
 * Pure views of a Lanyard presence for the elements: labels, the current activity, what is
 * playing and how far along. No DOM, so they are unit-tested in Node.
 */
import type { RawActivity, RawUser } from "../../server/presence/types.ts";
import type { Presence } from "./types.ts";

/** The four statuses the server sends, with the words the elements show. */
export const STATUS_LABELS = {
  online: "Online",
  idle: "Idle",
  dnd: "Do Not Disturb",
  offline: "Offline",
} as const;

export type Status = keyof typeof STATUS_LABELS;

/** What a user is listening to, whatever the player. */
export interface Playing {
  /** The player: `"Spotify"`, `"Apple Music"`… */
  source: string;
  song: string;
  artist: string;
  album: string;
  /** Album art (Spotify's; other players' art needs the Discord CDN, which the page may not reach). */
  art: string;
  /** The track on open.spotify.com, or `""`. */
  url: string;
  start: number;
  end: number;
}

/** A non-music activity (a game, an editor…), with the verb Discord shows before its name. */
export interface Activity {
  heading: string;
  details: string;
  state: string;
  /** When it started (ms), or 0. */
  start: number;
}

/** The status, `offline` for anything unknown. */
export function statusOf(presence: Presence): Status {
  const status = presence.discord_status;
  return Object.hasOwn(STATUS_LABELS, status) ? status : "offline";
}

/** The live region's sentence when the status changes (`"Mira is now Idle"`), `""` otherwise. */
export function statusChange(previous: Presence, next: Presence): string {
  const status = statusOf(next);
  if (status === statusOf(previous)) return "";
  return `${displayName(next.discord_user)} is now ${STATUS_LABELS[status]}`;
}

/** The name Discord shows: the display name, else the username. */
export function displayName(user: RawUser): string {
  return user.global_name || user.display_name || user.username || user.id;
}

/** `@username`, or `name#1234` for a user not yet migrated to unique usernames. */
export function handle(user: RawUser): string {
  const legacy = user.discriminator && user.discriminator !== "0";
  return legacy ? `${user.username}#${user.discriminator}` : `@${user.username ?? user.id}`;
}

/** The custom status (type 4) as one line, emoji first (custom emoji ids are left out). */
export function customStatus(presence: Presence): string {
  const custom = presence.activities.find((a) => a.type === 4);
  if (!custom) return "";
  const emoji = custom.emoji && !custom.emoji.id ? custom.emoji.name : "";
  return [emoji, custom.state].filter(Boolean).join(" ");
}

/**
 * Spotify (from Lanyard's `spotify` object), else the first other "Listening to" activity
 * (type 2: Apple Music, TIDAL…); `null` when nothing plays.
 */
export function nowPlaying(presence: Presence): Playing | null {
  const spotify = presence.listening_to_spotify ? presence.spotify : null;
  const activity = presence.activities.find((a) => a.type === 2);
  if (spotify) {
    return {
      source: "Spotify",
      song: spotify.song ?? "",
      artist: (spotify.artist ?? "").replaceAll("; ", ", "),
      album: spotify.album ?? "",
      art: spotify.album_art_url ?? "",
      url: spotify.track_id ? `https://open.spotify.com/track/${spotify.track_id}` : "",
      start: spotify.timestamps?.start ?? 0,
      end: spotify.timestamps?.end ?? 0,
    };
  }
  if (!activity) return null;
  return {
    source: activity.name,
    song: activity.details ?? activity.name,
    artist: (activity.state ?? "").replace(/^by /, ""),
    album: activity.assets?.large_text ?? "",
    art: "",
    url: "",
    start: activity.timestamps?.start ?? 0,
    end: activity.timestamps?.end ?? 0,
  };
}

/** The first activity that is neither music nor the custom status, or `null`. */
export function currentActivity(presence: Presence): Activity | null {
  const activity = presence.activities.find((a) => a.type !== 2 && a.type !== 4);
  if (!activity) return null;
  return {
    heading: `${_VERBS[activity.type] ?? ""}${activity.name}`,
    details: activity.details ?? "",
    state: activity.state ?? "",
    start: activity.timestamps?.start ?? 0,
  };
}

/** `m:ss`, or `h:mm:ss` from an hour on; negative durations count as 0. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = `${total % 60}`.padStart(2, "0");
  return h ? `${h}:${`${m}`.padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Elapsed and total time of a track at `now`; `ratio` is clamped to 0–1, 0 without an end. */
export function progress(
  playing: Pick<Playing, "start" | "end">,
  now: number,
): { elapsed: number; total: number; ratio: number } {
  const total = playing.end && playing.start ? playing.end - playing.start : 0;
  const elapsed = Math.min(Math.max(0, now - playing.start), total);
  return { elapsed, total, ratio: total > 0 ? elapsed / total : 0 };
}

// --- internal ---

/** Discord's activity types 0–5 as the words its client puts before the name. */
const _VERBS: Record<RawActivity["type"], string> = {
  0: "Playing ",
  1: "Streaming ",
  3: "Watching ",
  5: "Competing in ",
};
