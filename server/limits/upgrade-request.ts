/**
 * The web `Request` crossws hands to the socket resolver for a Node.js upgrade, carrying the
 * peer address the way h3 reads it (`getRequestIP` → `request.ip`).
 */

import type { IncomingMessage } from "node:http";

/**
 * Builds the upgrade's `Request` with `ip` set: crossws's own stand-in has no way back to the
 * socket, so without this a WebSocket upgrade would have no client address to rate-limit by.
 * `undefined` when the request line cannot form a URL (crossws then answers it as before).
 * @example
 * server.on("upgrade", (req, socket, head) => ws.handleUpgrade(req, socket, head, toUpgradeRequest(req)));
 */
export function toUpgradeRequest(req: IncomingMessage): Request | undefined {
  try {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    // The scheme as crossws's own stand-in derives it.
    const tls = (req.socket as { encrypted?: boolean }).encrypted || req.headers["x-forwarded-proto"] === "https";
    const url = `${tls ? "https" : "http"}://${req.headers.host || "localhost"}${req.url ?? "/"}`;
    const request = new Request(url, { headers });
    Object.defineProperty(request, "ip", { value: req.socket.remoteAddress, enumerable: true });
    return request;
  } catch {
    return undefined;
  }
}
