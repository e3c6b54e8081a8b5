/**
 * The production listener: a plain `node:http` server running the fast path then h3, with
 * WebSocket upgrades resolved through the app. (listhen stays for `npm run dev`; its shutdown
 * helper adds a listener and a closure to every request, which the hot path does not pay.)
 * @see README.md#benchmarks
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { H3 } from "h3";
import nodeWebSocketAdapter from "crossws/adapters/node";
import { toUpgradeRequest } from "../limits/upgrade-request.ts";
import { toWebSocketOptions } from "../socket/resolve.ts";
import type { NodeListener } from "./listener.ts";
import { PhrasedResponse } from "./response.ts";

/** A listening server; see {@link listenNode}. */
export interface NodeServer {
  server: Server;
  /** Stops accepting, closes idle keep-alive connections and waits for the open requests. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (0 for any free port), failing with a clear error when the port is
 * taken or not allowed, never moving to another one.
 * @example
 * const { server, close } = await listenNode(listener, app, { host: "127.0.0.1", port: 3000 });
 */
export async function listenNode(handler: NodeListener, app: H3, { host, port }: { host: string; port: number }): Promise<NodeServer> {
  // Every status line with its reason phrase, whichever path answers (see response.ts).
  const server = createServer({ ServerResponse: PhrasedResponse }, handler);
  // Every socket asks for its peer address once, at connection: the address is cached on the
  // socket as a new property, and h3 (srvx) asks for it on each request it routes. Asked only by
  // some sockets, it gives sockets more hidden classes than Node's own write path keeps fast
  // (measured: README.md#benchmarks).
  server.on("connection", (socket: Socket) => void socket.remoteAddress);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const busy = error.code === "EADDRINUSE" || error.code === "EACCES";
      reject(busy ? new Error(`PORT ${port} on ${host} is not available (in use or not allowed)`) : error);
    });
    server.listen(port, host, () => resolve());
  });
  const ws = nodeWebSocketAdapter(toWebSocketOptions(app));
  // The request carries the peer address, so upgrades can be rate-limited like requests.
  server.on("upgrade", (req, socket, head) => ws.handleUpgrade(req, socket, head, toUpgradeRequest(req)));
  server.once("close", () => void ws.close());
  let closing: Promise<void> | undefined;
  return {
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
