/**
 * Rate limits per client address: one budget for REST, one for cards, one for new WebSocket
 * connections and SSE streams together. Counted in this process only.
 * @see README.md#rate-limits-and-metrics
 */

import type { H3Event } from "h3";
import type { Config } from "../config.ts";
import { ErrorCode, apiError, errorAnswer } from "../errors.ts";
import { sendAnswer, type Answer } from "../serve/answer.ts";
import type { LimitKind, Metrics } from "../metrics/registry.ts";
import { clientAddress, clientKey } from "./client-ip.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";

/** Paths never limited: probes and scrapers must get through a flood. */
const EXEMPT = new Set(["/health", "/livez", "/metrics"]);

/** What one request drew from its budget; see {@link RateLimits.take}. */
export interface LimitOutcome {
  /** `ratelimit-*` headers (and `retry-after` when refused), as a flat name, value list. */
  headers: string[];
  /** The 429 envelope when over the budget (already counted in `rate_limited_total`). */
  refused: Answer | undefined;
  /** The 429's message, for the h3 error a refused WebSocket upgrade needs. */
  message?: string;
}

/** The per-address budgets of one process, shared by the h3 middleware and the fast path. */
export interface RateLimits {
  /** `false` when every budget is 0 (off): nothing to count. */
  readonly enabled: boolean;
  /** Whether `kind`'s budget is on (so a caller can skip finding the client's address). */
  covers(kind: LimitKind): boolean;
  /** Counts one request of `address` against `kind`; `undefined` when that budget is off. */
  take(kind: LimitKind, address: string): LimitOutcome | undefined;
}

/**
 * Creates the budgets of `config.rateLimit` (a limit of 0 is off). Within the budget a request
 * gets `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds); over it, 429
 * `rate_limited` with `Retry-After`.
 * @example
 * const limits = createRateLimits(config, metrics);
 * app.use(rateLimitMiddleware(config, metrics, limits));
 */
export function createRateLimits(config: Config, metrics?: Metrics): RateLimits {
  const { windowMs } = config.rateLimit;
  const limiters: Partial<Record<LimitKind, RateLimiter>> = {};
  for (const kind of ["rest", "cards", "sockets"] as const) {
    const limit = config.rateLimit[kind];
    if (limit > 0) limiters[kind] = createRateLimiter({ limit, windowMs });
  }
  return {
    enabled: Object.keys(limiters).length > 0,
    covers: (kind) => limiters[kind] !== undefined,
    take(kind, address) {
      const limiter = limiters[kind];
      if (!limiter) return undefined;
      const decision = limiter.take(clientKey(address));
      const reset = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
      const headers = ["ratelimit-limit", String(decision.limit), "ratelimit-remaining", String(decision.remaining), "ratelimit-reset", reset];
      if (decision.allowed) return { headers, refused: undefined };
      if (metrics) metrics.rateLimited[kind]++;
      headers.push("retry-after", reset);
      const message = _message(kind, decision.limit, windowMs, reset);
      return { headers, refused: errorAnswer(429, ErrorCode.rateLimited, message), message };
    },
  };
}

/**
 * An h3 middleware enforcing {@link createRateLimits}' budgets. WebSocket upgrades reach it
 * through the socket resolver, so a refused upgrade gets the same 429 instead of a socket.
 * @example
 * app.use(rateLimitMiddleware(config, metrics));
 */
export function rateLimitMiddleware(
  config: Config,
  metrics?: Metrics,
  limits: RateLimits = createRateLimits(config, metrics),
): (event: H3Event) => Uint8Array | string | undefined {
  if (!limits.enabled) return function _noLimits() {
    return undefined;
  };
  return function _rateLimit(event) {
    const kind = limitKindOf(event);
    if (!kind) return;
    const address = clientAddress(event, config.trustProxyHeader);
    // Only without a Node.js request (in-process `app.request()`): nobody to count.
    if (address === undefined) return;
    const outcome = limits.take(kind, address);
    if (!outcome) return;
    const headers = event.res.headers;
    for (let i = 0; i < outcome.headers.length; i += 2) headers.set(outcome.headers[i]!, outcome.headers[i + 1]!);
    if (!outcome.refused) return;
    // crossws needs a refused upgrade as h3's error response (a returned body hangs the socket).
    if (kind === "sockets" && event.req.headers.has("upgrade")) {
      throw apiError(429, ErrorCode.rateLimited, outcome.message!);
    }
    // Answered, not thrown: the same bytes as the fast path's 429, without h3's error pass.
    return sendAnswer(event, outcome.refused);
  };
}

/**
 * Which budget a request draws from, or `undefined` for requests never limited (CORS preflights,
 * `/health`, `/metrics`). Every WebSocket upgrade, whatever its path, counts as a new socket.
 */
export function limitKindOf(event: H3Event): LimitKind | undefined {
  return limitKind(event.req.method, event.url.pathname, event.req.headers.get("upgrade"));
}

/** {@link limitKindOf} of a request's method, path and `Upgrade` header. */
export function limitKind(method: string, path: string, upgrade: string | null | undefined): LimitKind | undefined {
  if (method === "OPTIONS" || EXEMPT.has(path)) return undefined;
  if (upgrade?.toLowerCase() === "websocket") return "sockets";
  if (path.startsWith("/cards/") || path.startsWith("/api/")) return "cards";
  if (method === "GET" && _isStream(path)) return "sockets";
  return "rest";
}

// --- internal ---

/** The Server-Sent Events routes: `/v1/events` and `/v1/users/:id/events`. */
function _isStream(path: string): boolean {
  return path === "/v1/events" || (path.startsWith("/v1/users/") && path.endsWith("/events"));
}

function _message(kind: LimitKind, limit: number, windowMs: number, retry: string): string {
  const what = kind === "sockets" ? "new connections" : kind === "cards" ? "card requests" : "requests";
  return `Too many ${what}: at most ${limit} per ${windowMs / 1000} s from one address; retry in ${retry} s`;
}
