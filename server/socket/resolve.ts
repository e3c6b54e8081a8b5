/**
 * How listhen's crossws adapter finds the hooks of an upgrade request: by running it through the
 * h3 app, so WebSocket routes live beside the HTTP ones.
 * @see README.md#websocket-lanyard
 */

import type { H3 } from "h3";
import { getWebSocketHooks, type ResolveHooks } from "crossws";
import { MAX_FRAME_BYTES } from "./protocol.ts";

/** crossws node-adapter options for listhen's `ws`. */
export interface WebSocketOptions {
  resolve: ResolveHooks;
  /** Options of the underlying `ws` server. */
  serverOptions: { maxPayload: number; perMessageDeflate: false };
}

/**
 * The `ws` options that serve an h3 app's WebSocket routes. An upgrade on a path without one is
 * answered with that path's HTTP response (e.g. the 404 envelope) and not upgraded.
 * `maxPayload` makes `ws` refuse a too-large client frame (close 1009) before buffering it.
 *
 * @example
 * await listen(toNodeHandler(app), { port: 3000, ws: toWebSocketOptions(app) });
 */
export function toWebSocketOptions(app: H3): WebSocketOptions {
  return {
    async resolve(request) {
      const res = await app.fetch(request);
      // h3 2.0.8 rebuilds the 426 response on its way out, dropping `res.crossws`: the hooks
      // are only reliable on the request. Without this an upgrade succeeds and nothing runs.
      return getWebSocketHooks(request) ?? { upgrade: () => res };
    },
    serverOptions: { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false },
  };
}
