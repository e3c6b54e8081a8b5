/**
 * Rate limits in the OpenAPI document: the reusable 429 `rate_limited` response and the function
 * that puts it (and the `RateLimit-*` headers) on every operation a budget counts.
 * @see README.md#rate-limits-and-metrics
 */

import { ref, type Json } from "./common.ts";

/** Paths no budget counts: probes and scrapers must get through a flood (OPTIONS is never listed). */
export const UNLIMITED_PATHS: readonly string[] = ["/health", "/livez", "/metrics"];

/** The `components.responses` entry name of the 429. */
export const RATE_LIMITED = "RateLimited";

/** `components.responses.RateLimited`: the 429 envelope, with `Retry-After` and `RateLimit-*`. */
export const rateLimitedResponse: Json = {
  description:
    "`rate_limited`: this client address is over its budget for the window (REST, cards, or new " +
    "WebSocket connections and SSE streams together). A refused WebSocket upgrade gets this HTTP " +
    "answer instead of a socket, and a card gets it instead of an error card.",
  headers: {
    "Retry-After": _header("Seconds until the window ends and the budget is whole again.", 1, true),
    ..._rateLimitHeaders(true),
  },
  content: { "application/json": { schema: ref("ErrorEnvelope") } },
};

/**
 * A copy of `paths` where every operation outside {@link UNLIMITED_PATHS} answers 429 as
 * {@link rateLimitedResponse}, and its other responses (101 aside) name the `RateLimit-*` headers
 * sent while a budget is on.
 * @example
 * withRateLimits({ "/v1/{id}": { get: { responses: { "200": … } } } }); // + "429": { $ref }
 */
export function withRateLimits(paths: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [path, item] of Object.entries(paths)) {
    if (UNLIMITED_PATHS.includes(path)) {
      out[path] = item;
      continue;
    }
    const limited: Json = {};
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      limited[method] = { ...op, responses: _limitedResponses(op.responses as Record<string, Json>) };
    }
    out[path] = limited;
  }
  return out;
}

// --- internal ---

function _header(description: string, minimum: number, required: boolean): Json {
  return { description, required, schema: { type: "integer", minimum } };
}

function _rateLimitHeaders(required: boolean): Record<string, Json> {
  return {
    "RateLimit-Limit": _header("The budget: requests (or new connections) per window.", 1, required),
    "RateLimit-Remaining": _header("What is left of the budget in this window.", 0, required),
    "RateLimit-Reset": _header("Seconds until the window ends.", 1, required),
  };
}

function _limitedResponses(responses: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, response] of Object.entries(responses)) {
    // 101 is written by the WebSocket upgrade itself, without the app's headers.
    const headers = status === "101" ? undefined : { ...(response.headers as Json), ..._OPTIONAL };
    out[status] = headers ? { ...response, headers } : response;
  }
  out["429"] = { $ref: `#/components/responses/${RATE_LIMITED}` };
  return out;
}

const _OPTIONAL = _rateLimitHeaders(false);
