/**
 * Rate limits per client address: one budget for REST, one for cards, one for new WebSocket
 * connections and SSE streams together. Counted in this process only.
 * @see README.md#rate-limits-and-metrics
 */

import type { H3Event } from "h3";
import type { Config } from "../config.ts";
import { ErrorCode, apiError } from "../errors.ts";
import type { LimitKind, Metrics } from "../metrics/registry.ts";
import { clientAddress, clientKey } from "./client-ip.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";

/** Paths never limited: probes and scrapers must get through a flood. */
const EXEMPT = new Set(["/health", "/livez", "/metrics"]);

/**
 * An h3 middleware enforcing `config.rateLimit` (a limit of 0 is off). Within the budget it adds
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds); over it, it answers
 * 429 `rate_limited` with `Retry-After`. WebSocket upgrades reach it through the socket resolver,
 * so a refused upgrade gets the same 429 instead of a socket.
 * @example
 * app.use(rateLimitMiddleware(config, metrics));
 */
export function rateLimitMiddleware(config: Config, metrics?: Metrics): (event: H3Event) => void {
  const { windowMs } = config.rateLimit;
  const limiters: Partial<Record<LimitKind, RateLimiter>> = {};
  for (const kind of ["rest", "cards", "sockets"] as const) {
    const limit = config.rateLimit[kind];
    if (limit > 0) limiters[kind] = createRateLimiter({ limit, windowMs });
  }
  if (Object.keys(limiters).length === 0) return function _noLimits() {};
  return function _rateLimit(event) {
    const kind = limitKindOf(event);
    const limiter = kind && limiters[kind];
    if (!limiter) return;
    const address = clientAddress(event, config.trustProxyHeader);
    // Only without a Node.js request (in-process `app.request()`): nobody to count.
    if (address === undefined) return;
    const decision = limiter.take(clientKey(address));
    const headers = event.res.headers;
    const resetSeconds = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
    headers.set("ratelimit-limit", String(decision.limit));
    headers.set("ratelimit-remaining", String(decision.remaining));
    headers.set("ratelimit-reset", resetSeconds);
    if (decision.allowed) return;
    if (metrics) metrics.rateLimited[kind]++;
    headers.set("retry-after", resetSeconds);
    throw apiError(429, ErrorCode.rateLimited, _message(kind, decision.limit, windowMs, resetSeconds));
  };
}

/**
 * Which budget a request draws from, or `undefined` for requests never limited (CORS preflights,
 * `/health`, `/metrics`). Every WebSocket upgrade, whatever its path, counts as a new socket.
 */
export function limitKindOf(event: H3Event): LimitKind | undefined {
  const method = event.req.method;
  const path = event.url.pathname;
  if (method === "OPTIONS" || EXEMPT.has(path)) return undefined;
  if (event.req.headers.get("upgrade")?.toLowerCase() === "websocket") return "sockets";
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
