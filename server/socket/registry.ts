/**
 * The live WebSocket connections of one app, so a shutdown can close them all with 1001.
 */

import type { Connection } from "./connection.ts";
import { CloseCode } from "./protocol.ts";

/** Every live connection; see {@link createSocketRegistry}. */
export interface SocketRegistry {
  readonly size: number;
  /** Tracks a connection until {@link SocketRegistry.delete}; once closing, closes it at once. */
  add(conn: Connection): void;
  delete(conn: Connection): void;
  /**
   * Closes every connection with 1001 `going_away`, waits up to `graceMs` for the close
   * handshakes, then cuts whatever is left. New connections are refused from then on.
   */
  closeAll(graceMs: number): Promise<void>;
}

/** @see SocketRegistry */
export function createSocketRegistry(): SocketRegistry {
  const conns = new Set<Connection>();
  let closing = false;
  let drained: (() => void) | undefined;

  return {
    get size() {
      return conns.size;
    },
    add(conn) {
      if (closing) return conn.close(CloseCode.goingAway);
      conns.add(conn);
    },
    delete(conn) {
      conns.delete(conn);
      if (conns.size === 0) drained?.();
    },
    async closeAll(graceMs) {
      closing = true;
      if (conns.size === 0) return;
      const empty = new Promise<void>((resolve) => (drained = resolve));
      for (const conn of conns) conn.close(CloseCode.goingAway);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([empty, grace]);
      clearTimeout(timer);
      // A client that does not answer the close frame (or reads nothing) would hold the
      // listener open until ws's own 30 s close timeout.
      for (const conn of conns) conn.terminate();
    },
  };
}
