import type { H3Event } from "h3";

/**
 * The headers of a request with an `Origin` that is not a preflight (flat name, value list, the
 * order h3 writes them). Shared by the h3 middleware and the fast path; never mutate it.
 */
export const CORS_HEADERS: readonly string[] = Object.freeze([
  "access-control-allow-origin",
  "*",
  // Clients may read caching and rate-limit headers from script.
  "access-control-expose-headers",
  "etag, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, last-event-id",
]);

/**
 * CORS as Lanyard's reference answers it: open to every origin, no credentials. A preflight gets
 * 200 with the requested method and headers echoed and a 10-minute max-age; any other request
 * with an `Origin` gets {@link CORS_HEADERS}. Requests without `Origin` get nothing.
 */
export function corsMiddleware(event: H3Event): Response | undefined {
  const headers = event.req.headers;
  if (!headers.get("origin")) return undefined;
  const method = headers.get("access-control-request-method");
  if (event.req.method === "OPTIONS" && method) {
    const requested = headers.get("access-control-request-headers") ?? "";
    return new Response(null, {
      status: 200,
      headers: {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": method,
        "access-control-allow-headers": requested
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean)
          .join(", "),
        "access-control-max-age": "600",
      },
    });
  }
  for (let i = 0; i < CORS_HEADERS.length; i += 2) event.res.headers.set(CORS_HEADERS[i]!, CORS_HEADERS[i + 1]!);
  return undefined;
}
