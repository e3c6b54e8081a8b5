/**
 * Per-connection budget for what a client sends: frames and bytes per window. A real client of
 * any dialect sends a heartbeat every 30 s and a few subscriptions; a client past the budget is
 * flooding, and is closed with 4012 before it costs more CPU than its peers.
 * @see README.md#websocket-lanyard
 */

import {
  INBOUND_BYTES_PER_WINDOW,
  INBOUND_FRAMES_PER_WINDOW,
  INBOUND_WINDOW_MS,
} from "./protocol.ts";

/** Options of {@link createInboundLimit}; each connection counts on its own. */
export interface InboundLimitOptions {
  /** Frames a connection may send per window. @default 60 */
  frames?: number;
  /** Bytes (frame payloads) a connection may send per window. @default 262144 */
  bytes?: number;
  /** The window, in ms. @default 10000 */
  windowMs?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/** One connection's inbound budget. */
export interface InboundLimit {
  /** Counts one frame of `bytes`; false when it goes over the frame or byte budget. */
  take(bytes: number): boolean;
}

/**
 * Creates a fixed-window counter: at most `frames` frames and `bytes` bytes in any window that
 * starts at a connection's first frame after the previous window ended.
 * @example
 * const limit = createInboundLimit({ frames: 60, bytes: 256 * 1024 });
 * if (!limit.take(size)) conn.close(CloseCode.rateLimited);
 */
export function createInboundLimit(options: InboundLimitOptions = {}): InboundLimit {
  const {
    frames = INBOUND_FRAMES_PER_WINDOW,
    bytes = INBOUND_BYTES_PER_WINDOW,
    windowMs = INBOUND_WINDOW_MS,
    now = Date.now,
  } = options;
  let windowEnd = 0;
  let count = 0;
  let total = 0;
  return {
    take(size) {
      const t = now();
      if (t >= windowEnd) {
        windowEnd = t + windowMs;
        count = 0;
        total = 0;
      }
      count += 1;
      total += size;
      return count <= frames && total <= bytes;
    },
  };
}

/**
 * Checks inbound limit options once, at creation, with the option's name in the error.
 * @example
 * checkInboundLimit({ frames: 0 }); // throws TypeError
 */
export function checkInboundLimit(options: InboundLimitOptions): InboundLimitOptions {
  for (const name of ["frames", "bytes", "windowMs"] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new TypeError(`[presence-kit] socket option inbound.${name} must be a positive number, got ${value}`);
    }
  }
  return options;
}
