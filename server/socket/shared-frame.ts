/**
 * Writes one WebSocket text frame made of a short per-connection head and a tail shared by every
 * connection, straight to the socket: the tail's bytes are encoded once per message and written
 * as they are, so a fan-out to N connections costs N small heads instead of N encodings and
 * framings of the whole message (ws's `send()` copies and frames every message again).
 * The bytes on the wire are exactly those `ws.send(head + tail)` writes on a server without
 * permessage-deflate.
 * @see README.md#websocket-lanyard
 */

import type { Socket } from "node:net";
import type { Peer } from "crossws";

/** A message's shared part, as text (for other paths) and as the UTF-8 bytes that are written. */
export interface SharedTail {
  text: string;
  bytes: Buffer;
}

/** Writes `head` + `tail` as one text frame; false when the socket cannot take a raw write. */
export type SharedFrameWriter = (head: string, tail: Buffer) => boolean;

/**
 * The header of an unmasked, final text frame of `length` payload bytes (RFC 6455 §5.2), as a
 * server sends it.
 * @example
 * textFrameHeader(5); // <Buffer 81 05>
 */
export function textFrameHeader(length: number): Buffer {
  return _writeHeader(Buffer.allocUnsafe(_headerSize(length)), length);
}

/**
 * A writer for a crossws peer backed by a Node `ws` WebSocket. It declines (returns false, so the
 * caller sends through the peer) whenever writing beside ws could reorder or change bytes: the
 * socket is not open, ws has frames queued of its own (a Blob being read), or permessage-deflate
 * was negotiated.
 * @example
 * const write = sharedFrameWriter(peer);
 * if (!write('{"op":0,"seq":2', tail)) peer.send('{"op":0,"seq":2' + tail.toString());
 */
export function sharedFrameWriter(peer: Peer): SharedFrameWriter {
  // crossws hands out a Proxy of the ws WebSocket; the parts that never change after the
  // handshake are read through it once, not on every message of a 10k-socket fan-out.
  const ws = peer.websocket as unknown as _WsInternals | undefined;
  const socket = ws?._socket;
  const sender = ws?._sender;
  const usable = !!socket && !!sender && !ws._extensions?.["permessage-deflate"];
  return (head, tail) => {
    if (!usable || ws.readyState !== 1 || sender._queue?.length !== 0 || sender._state) return false;
    const headBytes = Buffer.byteLength(head);
    const length = headBytes + tail.length;
    const size = _headerSize(length);
    if (tail.length <= _COPY_BELOW) {
      // One buffer, one write: copying a small tail costs less than a writev of two.
      const frame = Buffer.allocUnsafe(size + length);
      _writeHeader(frame, length);
      frame.write(head, size);
      tail.copy(frame, size + headBytes);
      socket.write(frame);
      return true;
    }
    const first = Buffer.allocUnsafe(size + headBytes);
    _writeHeader(first, length);
    first.write(head, size);
    // One writev for both parts, as ws itself writes a header and its payload.
    socket.cork();
    socket.write(first);
    socket.write(tail);
    socket.uncork();
    return true;
  };
}

// --- internal ---

/** What is read of ws's WebSocket (8.x): fields @types/ws does not declare. */
interface _WsInternals {
  readyState: number;
  _socket?: Socket;
  _sender?: { _queue?: unknown[]; _state?: number };
  _extensions?: Record<string, unknown>;
}

/** Tails up to this many bytes are copied into one buffer with the head. */
const _COPY_BELOW = 16 * 1024;

function _headerSize(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

function _writeHeader(target: Buffer, length: number): Buffer {
  target[0] = 0x81; // FIN + text
  if (length < 126) {
    target[1] = length;
  } else if (length < 65536) {
    target[1] = 126;
    target.writeUInt16BE(length, 2);
  } else {
    target[1] = 127;
    target.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    target.writeUInt32BE(length >>> 0, 6);
  }
  return target;
}
