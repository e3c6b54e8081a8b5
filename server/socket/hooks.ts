/**
 * Turns a per-connection session into crossws hooks: the connection's lifecycle, the registry
 * for shutdown and the frame size limit are handled here once for every socket dialect.
 */

import type { Hooks } from "crossws";
import { createConnection, type Connection } from "./connection.ts";
import { createInboundLimit } from "./inbound-limit.ts";
import type { ResolvedSocketOptions } from "./options.ts";
import { CloseCode, MAX_FRAME_BYTES } from "./protocol.ts";
import type { SocketRegistry } from "./registry.ts";

/** What a socket dialect implements for one connection. */
export interface Session {
  /** A client frame (text, or binary decoded as UTF-8), already checked against the size limit. */
  receive?(text: string): void;
  /** Drops subscriptions and timers; called once the connection closes, whoever closed it. */
  dispose(): void;
}

/** Shared by every connection of an app. */
export interface SessionContext {
  registry: SocketRegistry;
  options: ResolvedSocketOptions;
}

/**
 * Hooks for one connection (h3 calls the route's hook factory once per upgrade request).
 * @example
 * defineWebSocketHandler((event) =>
 *   sessionHooks(ctx, {}, (conn) => createOriginoidSession(conn, { hub, userId: "…" })),
 * );
 */
export function sessionHooks(
  ctx: SessionContext,
  connection: { compress?: boolean },
  start: (conn: Connection) => Session,
): Partial<Hooks> {
  let conn: Connection | undefined;
  let session: Session | undefined;
  const inbound = createInboundLimit(ctx.options.inbound);
  return {
    open(peer) {
      conn = createConnection(peer, {
        compress: connection.compress,
        maxBufferedBytes: ctx.options.maxBufferedBytes,
        stallMs: ctx.options.initStallMs,
      });
      conn.onClose(() => session?.dispose());
      ctx.registry.add(conn);
      if (!conn.open) return;
      session = start(conn);
      // The session may have closed the connection while starting (e.g. a bad id).
      if (!conn.open) session.dispose();
    },
    message(_peer, message) {
      if (!conn?.open) return;
      const raw = message.rawData as unknown;
      const size = typeof raw === "string" ? Buffer.byteLength(raw) : message.uint8Array().byteLength;
      // ws enforces the same limit before buffering when the server sets maxPayload; this covers
      // servers started without it (listhen's dev mode).
      if (size > MAX_FRAME_BYTES) return conn.close(CloseCode.messageTooBig);
      if (!inbound.take(size)) return _closeFlooder(conn);
      session?.receive?.(typeof raw === "string" ? raw : message.text());
    },
    close() {
      if (!conn) return;
      conn.closed();
      ctx.registry.delete(conn);
    },
    error() {
      // ws closes the socket itself after a protocol error (e.g. 1009); `close` follows.
    },
  };
}

// --- internal ---

/** How long a closed flooder may take to answer the close frame before its socket is cut, in ms. */
const _FLOODER_GRACE_MS = 1000;

/**
 * Closes with 4012; a client that keeps sending instead of answering the close frame would be
 * read (and its frames parsed) until ws's own 30 s close timeout, so it is cut after a second.
 */
function _closeFlooder(conn: Connection): void {
  conn.close(CloseCode.rateLimited);
  setTimeout(() => conn.terminate(), _FLOODER_GRACE_MS).unref();
}
