/**
 * Event-loop delay, sampled by Node's own histogram (`perf_hooks.monitorEventLoopDelay`, 20 ms
 * resolution) from the first use on, for `/livez` and the `nodejs_eventloop_lag_*` series.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/** Delay statistics in seconds since the histogram started. */
export interface EventLoopDelay {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * The process-wide histogram's statistics, in seconds (all 0 before the first sample).
 * @example
 * eventLoopDelay().p99; // 0.0102
 */
export function eventLoopDelay(): EventLoopDelay {
  const h = _histogram();
  const s = (ns: number) => (Number.isFinite(ns) && h.count > 0 ? ns / 1e9 : 0);
  return {
    min: s(h.min),
    max: s(h.max),
    mean: s(h.mean),
    stddev: s(h.stddev),
    p50: s(h.percentile(50)),
    p90: s(h.percentile(90)),
    p99: s(h.percentile(99)),
  };
}

/** The p99 event-loop delay in whole milliseconds (for `/livez`). */
export function eventLoopDelayMs(): number {
  return Math.round(eventLoopDelay().p99 * 1000);
}

// --- internal ---

let _h: IntervalHistogram | undefined;

function _histogram(): IntervalHistogram {
  if (!_h) {
    _h = monitorEventLoopDelay({ resolution: 20 });
    _h.enable();
  }
  return _h;
}
