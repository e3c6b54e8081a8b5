/**
 * One WebSocket connection as the sessions see it: a bounded sender (slow consumers are closed,
 * never buffered without limit), optional per-message zlib, and one close path.
 * @see README.md#websocket-lanyard
 */

import { deflateSync } from "node:zlib";
import type { Peer } from "crossws";
import { CloseCode, INIT_STALL_MS, type CloseReason } from "./protocol.ts";
import { sharedFrameWriter, type SharedFrameWriter, type SharedTail } from "./shared-frame.ts";

/** A connection: what sessions send through and close. */
export interface Connection {
  /** Whether messages are still sent (false once closing). */
  readonly open: boolean;
  /**
   * Sends one JSON text (or, with compression, its zlib as a binary frame). Returns false, and
   * closes the connection with 4009, when the client has not read what was already queued.
   */
  send(json: string): boolean;
  /**
   * Sends the JSON text `tail.head(seq) + tail.text`, where `tail` is shared by many
   * connections: its bytes are written as they are, after a frame header and the head (see
   * `shared-frame.ts`). Same buffer rule and the same bytes on the wire as {@link Connection.send}.
   */
  sendShared(seq: number, tail: SharedTail): boolean;
  /**
   * Sends one fragment of a message sent in parts (`fin` ends it): a text message, or binary with
   * compression. Same buffer rule as {@link Connection.send}. Nothing else may be sent until the
   * message is finished: see `init-stream.ts`.
   */
  sendPart(data: Buffer, fin: boolean): boolean;
  /** Outgoing bytes queued on the socket, not taken by the kernel yet. */
  readonly buffered: number;
  /** Whether messages are zlib-compressed (Lanyard's zlib_json). */
  readonly compress: boolean;
  /** The connection's buffer cap, in bytes. */
  readonly maxBufferedBytes: number;
  /** How long a message sent in parts may wait for the client to read before 4009, in ms. */
  readonly stallMs: number;
  /** Closes with a code and reason; later calls are ignored. */
  close(reason: CloseReason): void;
  /** Cuts the TCP connection without a close handshake (shutdown grace over). */
  terminate(): void;
  /** Registers what to do once closing starts (ours or the client's); called once. */
  onClose(callback: () => void): void;
  /** Tells the connection the socket is gone (the crossws `close` hook). */
  closed(): void;
}

/** Options of {@link createConnection}. */
export interface ConnectionOptions {
  /** Send every message as `zlib.deflateSync(json)` in a binary frame (Lanyard's zlib_json). */
  compress?: boolean;
  /** Queued outgoing bytes above which the next send closes the connection instead. */
  maxBufferedBytes: number;
  /** See {@link Connection.stallMs}. @default 10000 */
  stallMs?: number;
}

/**
 * Wraps a crossws peer. The buffer rule: a message is sent only while the socket's queue holds
 * at most `maxBufferedBytes`, so memory per connection stays under that plus one message.
 * @example
 * const conn = createConnection(peer, { maxBufferedBytes: 1 << 20 });
 * conn.send('{"op":1,"d":{"heartbeat_interval":30000}}');
 */
export function createConnection(peer: Peer, options: ConnectionOptions): Connection {
  const { compress = false, maxBufferedBytes, stallMs = INIT_STALL_MS } = options;
  let open = true;
  let onClose: (() => void) | undefined;
  // Compressed connections deflate every message of their own, so they never write raw.
  let raw: SharedFrameWriter | undefined;

  function _closing() {
    if (!open) return;
    open = false;
    const callback = onClose;
    onClose = undefined;
    callback?.();
  }

  function _sendable(buffered = peer.bufferedAmount): boolean {
    if (!open) return false;
    // The peer's queue is what the kernel has not taken yet: it only grows when the client
    // does not read, so it is the slow-consumer signal.
    if (buffered > maxBufferedBytes) {
      conn.close(CloseCode.slowConsumer);
      return false;
    }
    return true;
  }

  const conn: Connection = {
    get open() {
      return open;
    },
    get buffered() {
      return peer.bufferedAmount;
    },
    compress,
    maxBufferedBytes,
    stallMs,
    send(json) {
      if (!_sendable()) return false;
      peer.send(compress ? deflateSync(json) : json);
      return true;
    },
    sendShared(seq, tail) {
      if (!compress) raw ??= sharedFrameWriter(peer);
      // The same count as peer.bufferedAmount, without going through crossws's peer per message.
      if (!_sendable(raw?.usable ? raw.buffered() : peer.bufferedAmount)) return false;
      if (raw?.write(seq, tail)) return true;
      const json = tail.head(seq) + tail.text;
      peer.send(compress ? deflateSync(json) : json);
      return true;
    },
    sendPart(data, fin) {
      if (!_sendable()) return false;
      // ws sends continuation frames until `fin`; crossws passes the options through to ws.
      peer.send(data, { fin, binary: compress } as { compress?: boolean });
      return true;
    },

    close(reason) {
      if (!open) return;
      _closing();
      peer.close(reason.code, reason.reason);
    },
    terminate() {
      _closing();
      peer.terminate();
    },
    onClose(callback) {
      onClose = callback;
    },
    closed: _closing,
  };
  return conn;
}
