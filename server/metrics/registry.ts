/**
 * The counters `GET /metrics` reports: plain numbers that the code paths events already take
 * increment in place (no allocation per event). Gauges that exist elsewhere (hub size, open
 * streams, gateway state) are read at scrape time instead of being tracked here.
 * @see README.md#rate-limits-and-metrics
 */
import { createHttpDurations, type HttpDurations } from "./http-duration.ts";

/** WebSocket dialects, each with its own connection gauge. */
export type SocketDialect = "lanyard" | "tether" | "originoid" | "grux";

/** What is rate limited, each with its own budget. */
export type LimitKind = "rest" | "cards" | "sockets";

/** One process's counters; see {@link createMetrics}. */
export interface Metrics {
  /** `Date.now()` when the registry was created (server start). */
  readonly startedAt: number;
  /** Presence writes the gateway source made into the hub (user and presence updates, removals). */
  sourceWrites: number;
  /** Changes the hub fanned out (one per user per change). */
  hubChanges: number;
  /** Frames written to clients, per transport (including hello, heartbeat and init frames). */
  readonly framesOut: { ws: number; sse: number };
  /** Open WebSocket connections per dialect (a gauge). */
  readonly sockets: Record<SocketDialect, number>;
  /** Cards rendered (error cards not included) and render-cache lookups. */
  readonly cards: { renders: number; cacheHits: number; cacheMisses: number };
  /** Requests answered 429, per limit. */
  readonly rateLimited: Record<LimitKind, number>;
  /** Request durations per route pattern (both the h3 path and the fast path record here). */
  readonly httpDurations: HttpDurations;
}

/**
 * Creates an empty registry; the runtime makes one per server and hands it down with the app's deps.
 * @example
 * const metrics = createMetrics();
 * metrics.framesOut.ws++;
 */
export function createMetrics(): Metrics {
  return {
    startedAt: Date.now(),
    sourceWrites: 0,
    hubChanges: 0,
    framesOut: { ws: 0, sse: 0 },
    sockets: { lanyard: 0, tether: 0, originoid: 0, grux: 0 },
    cards: { renders: 0, cacheHits: 0, cacheMisses: 0 },
    rateLimited: { rest: 0, cards: 0, sockets: 0 },
    httpDurations: createHttpDurations(),
  };
}
