/**
 * Tunables of the WebSocket transports that are not configuration a self-hoster sets: the
 * defaults are the protocol's; tests shorten them.
 */

import { checkInboundLimit, type InboundLimitOptions } from "./inbound-limit.ts";
import { HEARTBEAT_INTERVAL_MS, INIT_STALL_MS, MAX_BUFFERED_BYTES, SHUTDOWN_GRACE_MS } from "./protocol.ts";

/** Options of the WebSocket routes. */
export interface SocketOptions {
  /** `heartbeat_interval` sent in Lanyard's Hello. @default 30000 */
  heartbeatIntervalMs?: number;
  /** Outgoing buffer above which a connection is closed as a slow consumer. @default 1048576 */
  maxBufferedBytes?: number;
  /** Wait for close handshakes at shutdown before cutting sockets. @default 1000 */
  shutdownGraceMs?: number;
  /** Frames and bytes a client may send per window (past them: 4012). @default protocol.ts */
  inbound?: InboundLimitOptions;
  /** A large initial state waiting this long for a client that reads nothing closes with 4009. @default 10000 */
  initStallMs?: number;
}

/** {@link SocketOptions} with every default applied. */
export type ResolvedSocketOptions = Required<SocketOptions>;

/**
 * Applies the defaults and checks the values once, at creation.
 * @example
 * resolveSocketOptions({ heartbeatIntervalMs: 100 }).maxBufferedBytes; // 1048576
 */
export function resolveSocketOptions(options: SocketOptions = {}): ResolvedSocketOptions {
  const {
    heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS,
    maxBufferedBytes = MAX_BUFFERED_BYTES,
    shutdownGraceMs = SHUTDOWN_GRACE_MS,
    inbound = {},
    initStallMs = INIT_STALL_MS,
  } = options;
  _positive("heartbeatIntervalMs", heartbeatIntervalMs);
  _positive("maxBufferedBytes", maxBufferedBytes);
  _positive("shutdownGraceMs", shutdownGraceMs);
  _positive("initStallMs", initStallMs);
  return {
    heartbeatIntervalMs,
    maxBufferedBytes,
    shutdownGraceMs,
    initStallMs,
    inbound: checkInboundLimit(inbound),
  };
}

// --- internal ---

function _positive(name: string, value: number) {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`[presence-kit] socket option ${name} must be a positive number, got ${value}`);
  }
}
