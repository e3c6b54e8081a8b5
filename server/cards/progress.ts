/**
 * The now-playing progress row, computed at render time from the activity's timestamps.
 * @see README.md#cards
 */

import { box, formatDuration, type CardElement } from "./element.ts";
import type { CardOptions } from "./options.ts";
import { PROGRESS_MARK } from "./svg-motion.ts";

/** Elapsed and total time of a track at `now`, or `null` without both timestamps. */
export interface Progress {
  elapsed: number;
  total: number;
  /** 0–1. */
  ratio: number;
}

/**
 * Where a track is at `now`. Elapsed is clamped to the track: Discord's timestamps can run past
 * the end for a moment before the next presence update arrives.
 * @example
 * trackProgress({ start: 0, end: 200_000 }, 50_000); // { elapsed: 50000, total: 200000, ratio: 0.25 }
 */
export function trackProgress(timestamps: { start?: number; end?: number } | null, now: number): Progress | null {
  const { start, end } = timestamps ?? {};
  if (typeof start !== "number" || typeof end !== "number" || end <= start) return null;
  const total = end - start;
  const elapsed = Math.min(total, Math.max(0, now - start));
  return { elapsed, total, ratio: elapsed / total };
}

/**
 * Whether a card's progress bar moves on by itself: SVG only (a PNG is a still), unless
 * `animated=false` or `progress=static`, and only while the track is playing.
 */
export function movesProgress(progress: Progress | null, options: CardOptions, format: "svg" | "png"): boolean {
  if (!progress || progress.ratio >= 1 || format !== "svg" || !options.animated) return false;
  return options.progress === "full" || options.progress === "bar";
}

/**
 * The bar, with elapsed / total unless `progress=bar` or `hide_timestamp`; `null` for nothing.
 * A moving bar's fill is drawn whole in {@link PROGRESS_MARK}; {@link animateProgress} then
 * shrinks it to where the track is and animates it from there.
 */
export function progressRow(progress: Progress | null, options: CardOptions, moving = false): CardElement | null {
  if (!progress || options.progress === "none") return null;
  const { colors } = options;
  const fill = moving
    ? { width: "100%", backgroundColor: PROGRESS_MARK }
    : { width: `${(progress.ratio * 100).toFixed(2)}%`, backgroundColor: colors.accent };
  const bar = box(
    { flexGrow: 1, height: 4, borderRadius: 2, backgroundColor: colors.track },
    box({ ...fill, height: 4, borderRadius: 2 }),
  );
  if (options.progress === "bar" || options.hideTimestamp) return box({ width: "100%", alignItems: "center" }, bar);
  const time = { fontSize: 11, color: colors.muted };
  return box(
    { width: "100%", alignItems: "center", gap: 8 },
    box(time, formatDuration(progress.elapsed)),
    bar,
    box(time, formatDuration(progress.total)),
  );
}
