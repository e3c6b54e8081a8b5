/**
 * A fixed-window request counter per key (a client IP), in this process's memory.
 * @see README.md#rate-limits-and-metrics
 */

/** What one {@link RateLimiter.take} decided. */
export interface RateDecision {
  allowed: boolean;
  /** The budget per window. */
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Milliseconds until the window ends and the budget is full again. */
  resetMs: number;
}

/** Counts requests per key; see {@link createRateLimiter}. */
export interface RateLimiter {
  /** Counts one request of `key` and says whether it is within the budget. */
  take(key: string): RateDecision;
  /** Keys tracked now (windows not yet expired, up to `maxKeys`). */
  readonly size: number;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests allowed per key per window (≥ 1). */
  limit: number;
  windowMs: number;
  /** Most keys tracked at once; past it the oldest window is forgotten. @default 100_000 */
  maxKeys?: number;
  /** @default Date.now */
  clock?: () => number;
}

/**
 * Creates a limiter. A key's window starts with its first request and lasts `windowMs`; a refused
 * request counts too, so hammering does not shorten the wait. Memory is bounded: expired windows
 * are dropped as new keys arrive, and at `maxKeys` the oldest window is dropped (that client
 * starts over) rather than growing without limit under a flood of distinct addresses.
 * @example
 * const limiter = createRateLimiter({ limit: 600, windowMs: 60_000 });
 * if (!limiter.take(ip).allowed) throw tooMany();
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs, maxKeys = 100_000, clock = Date.now } = options;
  if (!(limit >= 1) || !(windowMs > 0) || !(maxKeys >= 1)) {
    throw new Error("createRateLimiter needs limit ≥ 1, windowMs > 0 and maxKeys ≥ 1");
  }
  // Insertion order is window-start order (a renewed window is re-inserted), and every window
  // has the same length, so the expired ones are always at the front.
  const windows = new Map<string, { count: number; resetAt: number }>();

  function _sweep(now: number) {
    for (const [key, w] of windows) {
      if (w.resetAt > now) break;
      windows.delete(key);
    }
  }

  return {
    take(key) {
      const now = clock();
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (w) windows.delete(key);
        _sweep(now);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { count: 0, resetAt: now + windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      const allowed = w.count <= limit;
      return { allowed, limit, remaining: allowed ? limit - w.count : 0, resetMs: w.resetAt - now };
    },
    get size() {
      return windows.size;
    },
  };
}
