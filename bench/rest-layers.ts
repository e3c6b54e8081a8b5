// bench/rest, part 2: the CPU each shared rule adds to one request, timed in-process over many
// calls (the same functions both request paths call), next to the time one request takes.
import { CORS_HEADERS } from "../server/cors.ts";
import { loadConfig } from "../server/config.ts";
import { createRateLimits } from "../server/limits/middleware.ts";
import { clientAddressOf } from "../server/limits/client-ip.ts";
import { createHttpDurations } from "../server/metrics/http-duration.ts";
import { createMetrics } from "../server/metrics/registry.ts";

const CALLS = 2_000_000;

/** Nanoseconds per call of each rule, best of 3 batches. */
export function layerCosts(): Record<string, number> {
  const config = loadConfig({ RATE_LIMIT_REST: "1000000", RATE_LIMIT_WINDOW: "1" }, { dotenv: false });
  const limits = createRateLimits(config, createMetrics());
  const durations = createHttpDurations();
  let sink = 0;
  return {
    "CORS (headers of a request with `Origin`)": _time(() => {
      const before: string[] = [];
      before.push(...CORS_HEADERS);
      sink += before.length;
    }),
    "rate limiter (address + budget + headers)": _time((i) => {
      const outcome = limits.take("rest", clientAddressOf(undefined, `10.0.${(i >> 8) & 3}.${i & 255}`)!);
      sink += outcome!.headers.length;
    }),
    "metrics (duration histogram)": _time((i) => {
      durations.observe("/v1/users/:id", (i & 1023) / 1e6);
      sink += performance.now() > 0 ? 1 : 0; // the clock read each request pays
    }),
    _sink: sink * 0,
  };
}

function _time(fn: (i: number) => void): number {
  let best = Infinity;
  for (let batch = 0; batch < 3; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / CALLS);
  }
  return best;
}
