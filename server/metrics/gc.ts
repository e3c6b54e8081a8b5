/**
 * Garbage-collection counts and time by kind, from a `PerformanceObserver` on `gc` entries that
 * starts on the first scrape (so a server that is never scraped pays nothing).
 */
import { constants, PerformanceObserver } from "node:perf_hooks";

/** One GC kind's totals since the observer started. */
export interface GcTotal {
  kind: "minor" | "major" | "incremental" | "weakcb";
  runs: number;
  seconds: number;
}

/**
 * The totals per kind (every kind listed, zeros included, so the series exist from the start).
 * @example
 * gcTotals(); // [{ kind: "minor", runs: 12, seconds: 0.004 }, …]
 */
export function gcTotals(): GcTotal[] {
  _observe();
  return Object.values(_totals);
}

// --- internal ---

const _kinds: Record<number, GcTotal["kind"]> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

const _totals: Record<GcTotal["kind"], GcTotal> = {
  minor: { kind: "minor", runs: 0, seconds: 0 },
  major: { kind: "major", runs: 0, seconds: 0 },
  incremental: { kind: "incremental", runs: 0, seconds: 0 },
  weakcb: { kind: "weakcb", runs: 0, seconds: 0 },
};

let _observer: PerformanceObserver | undefined;

function _observe(): void {
  if (_observer) return;
  _observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = _kinds[((entry as { detail?: { kind?: number } }).detail)?.kind ?? -1];
      if (!kind) continue;
      _totals[kind].runs++;
      _totals[kind].seconds += entry.duration / 1000;
    }
  });
  _observer.observe({ entryTypes: ["gc"] });
}
