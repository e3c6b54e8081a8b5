/**
 * The Node request listener: the fast path first, h3 for everything it does not take. Both record
 * `presence_kit_http_request_duration_seconds` by route pattern.
 * @see README.md#benchmarks
 */
import type { IncomingMessage, ServerResponse } from "node:http";
// The module's own `performance`: the global one is a lazy getter on `globalThis`, read twice per request.
import { performance } from "node:perf_hooks";
import type { H3, H3Event } from "h3";
import { toNodeHandler } from "h3/node";
import type { HttpDurations } from "../metrics/http-duration.ts";
import type { FastPath } from "./fast-path.ts";

/** A `node:http` request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Creates the listener. Without `fastPath` every request goes through h3 (what tests compare the
 * fast path against).
 * @example
 * createServer(createListener(app, { fastPath, durations: metrics.httpDurations }));
 */
export function createListener(app: H3, options: { fastPath?: FastPath; durations: HttpDurations }): NodeListener {
  const { fastPath, durations } = options;
  const h3 = toNodeHandler(app);
  return function _listener(req, res) {
    const start = performance.now();
    if (fastPath?.(req, res, start)) return;
    // The route is known once h3 has matched it: {@link recordRoute} leaves it on the response.
    res.once("finish", () => {
      const route = (res as _Routed)[kRoute] ?? "unmatched";
      durations.observe(route, (performance.now() - start) / 1000);
    });
    void h3(req, res);
  };
}

/**
 * h3 middleware (registered first) that notes the matched route pattern on the Node response for
 * the duration histogram. A no-op without a Node response (`app.request()`).
 */
export function recordRoute(event: H3Event): void {
  const res = event.runtime?.node?.res as _Routed | undefined;
  if (res) res[kRoute] = event.context.matchedRoute?.route;
}

// --- internal ---

const kRoute = Symbol("presence-kit.route");

type _Routed = ServerResponse & { [kRoute]?: string };
