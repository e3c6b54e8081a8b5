/**
 * The catch-all of every method but HEAD, and a HEAD answered as its GET. h3 (2.0.8 and later)
 * answers a HEAD it has no route for with the GET route of the path, and strips the body; a route
 * registered for all methods (`app.all("/**")`) would take the HEAD first and answer 404, so the
 * catch-all is registered once per method instead. Monitors, link checkers and `curl -I` ask HEAD.
 * @see README.md#endpoints
 */
import { METHODS } from "node:http";
import type { EventHandler, H3, HTTPMethod } from "h3";

/**
 * Registers `handler` as the `/**` route of every method Node parses, but HEAD (and GET when
 * `get` is false: the app has its own GET catch-all).
 * @example
 * catchAll(app, () => sendAnswer(event, NOT_FOUND), { get: false });
 */
export function catchAll(app: H3, handler: EventHandler, { get = true }: { get?: boolean } = {}): void {
  for (const method of METHODS) {
    if (method === "HEAD" || (method === "GET" && !get)) continue;
    app.on(method as HTTPMethod, "/**", handler);
  }
}
