/**
 * The now-playing progress row, computed at render time from the activity's timestamps.
 * @see README.md#cards
 */

import { box, formatDuration, type CardElement } from "./element.ts";
import type { CardOptions } from "./options.ts";

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

/** The bar, with elapsed / total unless `progress=bar` or `hide_timestamp`; `null` for nothing. */
export function progressRow(progress: Progress | null, options: CardOptions): CardElement | null {
  if (!progress || options.progress === "none") return null;
  const { colors } = options;
  const bar = box(
    { flexGrow: 1, height: 4, borderRadius: 2, backgroundColor: colors.track },
    box({ width: `${(progress.ratio * 100).toFixed(2)}%`, height: 4, borderRadius: 2, backgroundColor: colors.accent }),
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
