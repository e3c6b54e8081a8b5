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
  /** The per-connection text before the tail, for a connection's `seq`. */
  head(seq: number): string;
  /**
   * Whole frames already built from this tail, by `seq`: connections at the same `seq` write one
   * shared buffer. Filled by the writer, at most {@link MAX_SHARED_FRAMES}.
   */
  frames?: Map<number, Buffer>;
}

/** Most distinct `seq`s whose whole frame is kept per tail (each is a copy of the tail). */
export const MAX_SHARED_FRAMES = 8;

/** Raw writes to one connection's socket, beside ws. */
export interface SharedFrameWriter {
  /** Whether the socket takes raw writes at all (no permessage-deflate, a ws socket). */
  readonly usable: boolean;
  /**
   * Outgoing bytes not taken by the kernel yet: ws's `bufferedAmount`, read from the socket and
   * sender directly rather than through crossws's peer.
   */
  buffered(): number;
  /**
   * Writes `tail.head(seq)` + `tail` as one text frame; false when the socket cannot take a raw
   * write.
   */
  write(seq: number, tail: SharedTail): boolean;
}

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
 * const writer = sharedFrameWriter(peer);
 * if (!writer.write(2, tail)) peer.send(tail.head(2) + tail.text);
 */
export function sharedFrameWriter(peer: Peer): SharedFrameWriter {
  // crossws hands out a Proxy of the ws WebSocket (a get trap on every property read); the
  // WebSocket itself is its `_internal.ws` (what crossws's own `bufferedAmount` reads), and the
  // parts that never change after the handshake are read once, not per message of a fan-out.
  const internal = (peer as unknown as { _internal?: { ws?: _WsInternals } })._internal;
  return new _RawWriter(internal?.ws ?? (peer.websocket as unknown as _WsInternals | undefined));
}

// --- internal ---

/** What is read of ws's WebSocket (8.x): fields @types/ws does not declare. */
interface _WsInternals {
  readyState: number;
  _socket?: Socket;
  _sender?: { _queue?: unknown[]; _state?: number; _bufferedBytes?: number };
  _extensions?: Record<string, unknown>;
}

/**
 * A class, not closures: a fan-out touches one small object per connection (its fields) and
 * shares the methods, which matters when 10,000 connections are written in one go.
 */
class _RawWriter implements SharedFrameWriter {
  readonly usable: boolean;
  private readonly ws: _WsInternals;
  private readonly socket: Socket;
  private readonly sender: NonNullable<_WsInternals["_sender"]>;

  constructor(ws: _WsInternals | undefined) {
    this.ws = ws ?? { readyState: 3 };
    this.socket = ws?._socket as Socket;
    this.sender = ws?._sender ?? {};
    this.usable = !!ws?._socket && !!ws._sender && !ws._extensions?.["permessage-deflate"];
  }

  buffered(): number {
    // ws's own bufferedAmount is the same sum.
    return this.usable ? this.socket.writableLength + (this.sender._bufferedBytes ?? 0) : 0;
  }

  write(seq: number, tail: SharedTail): boolean {
    // ws's sender queues frames of its own only while `_state` is not 0 (a Blob being read) and
    // empties the queue as soon as it is 0 again, so `_state` alone says it is idle.
    if (!this.usable || this.ws.readyState !== 1 || this.sender._state) return false;
    if (tail.bytes.length > _COPY_BELOW) return _writeTwo(this.socket, tail.head(seq), tail.bytes);
    // One buffer, one write: copying a small tail costs less than a writev of two, and
    // connections at the same `seq` share the copy (the same buffer may go to many sockets).
    let frame = tail.frames?.get(seq);
    if (frame === undefined) {
      frame = _frame(tail.head(seq), tail.bytes);
      tail.frames ??= new Map();
      if (tail.frames.size < MAX_SHARED_FRAMES) tail.frames.set(seq, frame);
    }
    this.socket.write(frame);
    return true;
  }
}

/** Tails up to this many bytes are copied into one buffer with the head. */
const _COPY_BELOW = 16 * 1024;

/** Header, head and a copy of the tail in one buffer. */
function _frame(head: string, tail: Buffer): Buffer {
  const frame = _headed(head, tail.length, tail.length);
  tail.copy(frame, frame.length - tail.length);
  return frame;
}

/** Header and head in one buffer, the large tail as it is: one writev, as ws writes a frame. */
function _writeTwo(socket: Socket, head: string, tail: Buffer): boolean {
  const first = _headed(head, tail.length, 0);
  socket.cork();
  socket.write(first);
  socket.write(tail);
  socket.uncork();
  return true;
}

/**
 * A buffer with the header of a frame of `head` followed by `tailLength` bytes, then `head`, then
 * `room` bytes left for the caller.
 */
function _headed(head: string, tailLength: number, room: number): Buffer {
  const headBytes = Buffer.byteLength(head);
  const length = headBytes + tailLength;
  const size = _headerSize(length);
  const buffer = Buffer.allocUnsafe(size + headBytes + room);
  _writeHeader(buffer, length);
  buffer.write(head, size);
  return buffer;
}

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
