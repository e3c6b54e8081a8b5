/**
 * `presence_kit_http_request_duration_seconds`: how long each request took, per route pattern
 * (Lanyard exports the same as `lanyard_http_request_duration_seconds`). Recorded by the h3 path
 * and the fast path alike; the `route` label is the pattern a request matched (`/v1/users/:id`),
 * never the raw path, so the number of series stays bounded by the routes.
 * @see README.md#metrics
 */
import type { MetricFamily } from "./exposition.ts";

/** Upper bounds in seconds (Prometheus client defaults, plus 0.5 ms and 1 ms for the fast path). */
export const HTTP_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Per-route request durations; see {@link createHttpDurations}. */
export interface HttpDurations {
  /** Records one request of `route` (a route pattern) that took `seconds`. */
  observe(route: string, seconds: number): void;
  /** The histogram family for `/metrics`. */
  collect(): MetricFamily;
}

/**
 * Creates an empty histogram. An observation is a bucket search over 14 bounds and three
 * increments: no allocation once a route has been seen.
 * @example
 * const durations = createHttpDurations();
 * durations.observe("/v1/users/:id", 0.0004);
 */
export function createHttpDurations(): HttpDurations {
  const routes = new Map<string, _Series>();
  return {
    observe(route, seconds) {
      let series = routes.get(route);
      if (!series) routes.set(route, (series = { counts: new Array<number>(HTTP_DURATION_BUCKETS.length).fill(0), sum: 0, count: 0 }));
      let i = 0;
      while (i < HTTP_DURATION_BUCKETS.length && seconds > HTTP_DURATION_BUCKETS[i]!) i++;
      if (i < HTTP_DURATION_BUCKETS.length) series.counts[i]!++;
      series.sum += seconds;
      series.count++;
    },
    collect() {
      const samples: MetricFamily["samples"] = [];
      const names = [...routes.keys()].sort();
      for (const route of names) {
        const series = routes.get(route)!;
        let cumulative = 0;
        HTTP_DURATION_BUCKETS.forEach((le, i) => {
          cumulative += series.counts[i]!;
          samples.push({ suffix: "_bucket", labels: { route, le: String(le) }, value: cumulative });
        });
        samples.push({ suffix: "_bucket", labels: { route, le: "+Inf" }, value: series.count });
      }
      // Each suffix's samples must be contiguous in the exposition text.
      for (const route of names) samples.push({ suffix: "_sum", labels: { route }, value: routes.get(route)!.sum });
      for (const route of names) samples.push({ suffix: "_count", labels: { route }, value: routes.get(route)!.count });
      return {
        name: "presence_kit_http_request_duration_seconds",
        help: "HTTP request duration by route pattern, from the request to the end of the answer.",
        type: "histogram",
        samples,
      };
    },
  };
}

// --- internal ---

interface _Series {
  /** Observations per bucket (not cumulative); above the last bound only `count` grows. */
  counts: number[];
  sum: number;
  count: number;
}
