/**
 * A WebSocket client on a bare TCP socket, for tests that must see what a library hides: each
 * frame as it arrives (fragments of one message), or a client that stops reading altogether.
 * Payloads are counted, not kept, except for close frames.
 */
import { connect, type Socket } from "node:net";
import { randomBytes } from "node:crypto";

/** One received frame: opcode (0 continuation, 1 text, 2 binary, 8 close), FIN and length. */
export interface RawFrame {
  opcode: number;
  fin: boolean;
  length: number;
}

/** A connected raw client. */
export interface RawWs {
  socket: Socket;
  frames: RawFrame[];
  /** Payload bytes received so far. */
  readonly bytes: number;
  /** The close frame's code, once one arrived. */
  readonly closeCode: number | undefined;
  /** Called for every frame once its header is read. */
  onFrame(listener: (frame: RawFrame) => void): void;
  /** Called for every frame once its payload is read. */
  onFrameEnd(listener: (frame: RawFrame) => void): void;
  /** Sends a masked text frame with `JSON.stringify(value)`. */
  send(value: unknown): void;
  /** Resolves when the TCP connection has ended. */
  readonly ended: Promise<void>;
}

/** Opens `url` (`ws://host:port/path`) and resolves after the 101 answer. */
export function openRawWs(url: string): Promise<RawWs> {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect(Number(port), hostname);
  const frames: RawFrame[] = [];
  const listeners: Array<(frame: RawFrame) => void> = [];
  const endListeners: Array<(frame: RawFrame) => void> = [];
  let bytes = 0;
  let closeCode: number | undefined;
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => {});

  // Frame parser state: header bytes being collected, then payload bytes to skip.
  let header = Buffer.alloc(0);
  let remaining = 0;
  let current: RawFrame | undefined;
  let closePayload: Buffer[] = [];
  function _parse(data: Buffer) {
    let at = 0;
    while (at < data.length) {
      if (remaining > 0 && current) {
        const take = Math.min(remaining, data.length - at);
        if (current.opcode === 8) closePayload.push(data.subarray(at, at + take));
        bytes += take;
        remaining -= take;
        at += take;
        if (remaining === 0) _done(current);
        continue;
      }
      // Two bytes tell the header's length; then the rest of it.
      const want = header.length < 2 ? 2 : _headerLength(header)!;
      const take = Math.min(want - header.length, data.length - at);
      header = Buffer.concat([header, data.subarray(at, at + take)]);
      at += take;
      if (header.length < 2 || header.length < _headerLength(header)!) continue;
      const length7 = header[1] & 0x7f;
      const length = length7 === 126 ? header.readUInt16BE(2) : length7 === 127 ? Number(header.readBigUInt64BE(2)) : length7;
      current = { opcode: header[0] & 0x0f, fin: (header[0] & 0x80) !== 0, length };
      header = Buffer.alloc(0);
      frames.push(current);
      for (const listener of listeners) listener(current);
      remaining = length;
      if (length === 0) _done(current);
    }
  }
  function _done(frame: RawFrame) {
    for (const listener of endListeners) listener(frame);
    if (frame.opcode === 8) {
      const payload = Buffer.concat(closePayload);
      closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      closePayload = [];
      socket.end();
    }
  }

  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("connect", () => {
      const key = randomBytes(16).toString("base64");
      socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let head = Buffer.alloc(0);
    const onHead = (data: Buffer) => {
      head = Buffer.concat([head, data]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onHead);
      if (!head.subarray(0, end).toString().startsWith("HTTP/1.1 101")) return reject(new Error("no upgrade"));
      socket.on("data", _parse);
      const client: RawWs = {
        socket,
        frames,
        get bytes() {
          return bytes;
        },
        get closeCode() {
          return closeCode;
        },
        onFrame: (listener) => void listeners.push(listener),
        onFrameEnd: (listener) => void endListeners.push(listener),
        send(value) {
          socket.write(_maskedText(JSON.stringify(value)));
        },
        ended,
      };
      resolve(client);
      if (head.length > end + 4) _parse(head.subarray(end + 4));
    };
    socket.on("data", onHead);
  });
}

// --- internal ---

/** Header length once its first two bytes are known (server frames are not masked). */
function _headerLength(header: Buffer): number | undefined {
  if (header.length < 2) return undefined;
  const length7 = header[1] & 0x7f;
  return length7 === 126 ? 4 : length7 === 127 ? 10 : 2;
}

function _maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
  return Buffer.concat([head, mask, payload]);
}
