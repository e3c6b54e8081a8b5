/**
 * Initial states of any size without a monolithic frame: an `INIT_STATE` for many users stays
 * one WebSocket message (what Lanyard clients expect), but it is produced a chunk at a time and
 * sent as fragments of that message, each after the client has taken most of the previous ones.
 * @see README.md#websocket-lanyard
 */

import { constants, createDeflate, type Deflate } from "node:zlib";
import { waitForRoom } from "../limits/room.ts";
import { initTurns, type TurnBudget } from "../limits/turn-budget.ts";
import type { Connection } from "./connection.ts";
import { CloseCode } from "./protocol.ts";
import { logger } from "../log/logger.ts";

/** A message built from users, read when the writer reaches them (so what is sent is current). */
export interface InitMessage {
  /** Text before the first entry, e.g. `{"op":0,"seq":1,"t":"INIT_STATE","d":{`. */
  head: string;
  ids: Iterable<string>;
  /** A user's `"<id>":{…}` member, or `undefined` to leave the user out. */
  entry(id: string): string | undefined;
  tail: string;
}

/** The initial states of one connection, written in order, with the updates held meanwhile. */
export interface InitWriter {
  /** Whether an initial state is being written: updates must go through {@link InitWriter.hold}. */
  readonly busy: boolean;
  /** Sends `message` after the ones before it (a string is sent as is). */
  write(message: InitMessage | string): void;
  /**
   * Keeps an update of `userId` (`bytes` long) until the initial states are written; a newer one
   * replaces it, and an initial state that reaches the user afterwards makes it unnecessary.
   * Held bytes count against the connection's buffer cap (4009 past it).
   */
  hold(userId: string, bytes: number, send: () => void): void;
}

/** Bytes of JSON produced per chunk (one fragment); one chunk is built per event-loop turn. */
export const INIT_CHUNK_BYTES = 64 * 1024;

/**
 * Creates the writer of one connection. Each chunk is built in a turn granted by `turns` (shared
 * with every other initial state being written). A message that fits in one chunk is sent as a
 * plain message; a larger one in fragments, waiting while more than half the cap is queued and
 * closing with 4009 when the client takes nothing for `conn.stallMs`.
 * @example
 * const init = createInitWriter(conn);
 * init.write({ head: '{"op":0,"seq":1,"t":"INIT_STATE","d":{', ids, entry, tail: "}}" });
 */
export function createInitWriter(
  conn: Connection,
  chunkBytes = INIT_CHUNK_BYTES,
  turns: TurnBudget = initTurns,
): InitWriter {
  const queue: Array<InitMessage | string> = [];
  const held = new Map<string, { bytes: number; send: () => void }>();
  let heldBytes = 0;
  let running = false;

  function _release(userId: string) {
    const item = held.get(userId);
    if (item) (heldBytes -= item.bytes), held.delete(userId);
  }

  async function _run() {
    running = true;
    try {
      while (queue.length > 0 && conn.open) {
        const message = queue.shift()!;
        if (typeof message === "string") conn.send(message);
        else await _message(conn, message, { chunkBytes, turns }, _release);
      }
    } catch (error) {
      logger.error({ err: error }, "initial state failed");
      conn.close(CloseCode.goingAway);
    } finally {
      running = false;
      queue.length = 0;
      writer.busy = false;
    }
    const items = [...held.values()];
    held.clear();
    heldBytes = 0;
    for (const item of items) if (conn.open) item.send();
  }

  // `busy` is a plain field (true from a write until the queue is written), not a getter: every
  // update of a fan-out reads it, once per connection.
  const writer: InitWriter & { busy: boolean } = {
    busy: false,
    write(message) {
      queue.push(message);
      writer.busy = true;
      if (!running) void _run();
    },
    hold(userId, bytes, send) {
      _release(userId);
      // A Map keeps the first insertion's place: re-inserting keeps updates in arrival order.
      held.set(userId, { bytes, send });
      heldBytes += bytes;
      if (heldBytes + conn.buffered > conn.maxBufferedBytes) conn.close(CloseCode.slowConsumer);
    },
  };
  return writer;
}

// --- internal ---

/** Writes one message: at once when it fits in a chunk, otherwise in fragments. */
async function _message(
  conn: Connection,
  m: InitMessage,
  { chunkBytes, turns }: { chunkBytes: number; turns: TurnBudget },
  reached: (id: string) => void,
) {
  const ids = m.ids[Symbol.iterator]();
  let done = false;
  const _chunk = (): string => {
    const parts: string[] = [];
    let size = 0;
    while (size < chunkBytes) {
      const next = ids.next();
      if (next.done) return (done = true), parts.join(",");
      const entry = m.entry(next.value);
      reached(next.value);
      if (entry === undefined) continue;
      parts.push(entry);
      size += entry.length;
    }
    return parts.join(",");
  };
  await turns.take(chunkBytes);
  if (!conn.open) return;
  const body = _chunk();
  if (done) return void conn.send(m.head + body + m.tail);

  const deflate = conn.compress ? createDeflate() : undefined;
  // Not done means the first chunk is full, so every later chunk follows an entry.
  let text = m.head + body;
  try {
    while (!done) {
      if (!(await _part(conn, deflate, text, false, chunkBytes))) return;
      if (!(await _drained(conn))) return;
      await turns.take(chunkBytes);
      if (!conn.open) return;
      const next = _chunk();
      text = next.length > 0 ? `,${next}` : "";
    }
    await _part(conn, deflate, text + m.tail, true, chunkBytes);
  } finally {
    deflate?.close();
  }
}

/**
 * Sends `text` (or its piece of the message's zlib stream) as fragments of at most `size` bytes,
 * so a slow reader's progress shows between them; a UTF-8 sequence may span two fragments.
 */
async function _part(conn: Connection, deflate: Deflate | undefined, text: string, fin: boolean, size: number) {
  const bytes = deflate ? await _deflated(deflate, text, fin) : Buffer.from(text);
  let at = 0;
  do {
    const end = Math.min(at + size, bytes.length);
    const piece = bytes.subarray(at, end);
    const last = fin && end === bytes.length;
    if (!conn.sendPart(piece, last)) return false;
    at = end;
    if (!last && at < bytes.length && !(await _drained(conn))) return false;
  } while (at < bytes.length);
  return true;
}

/** What `text` adds to the zlib stream (synced, so the client can inflate as it goes); `fin` ends it. */
function _deflated(deflate: Deflate, text: string, fin: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const onData = (chunk: Buffer) => void out.push(chunk);
    const finish = () => (deflate.off("data", onData), deflate.off("error", reject), resolve(Buffer.concat(out)));
    deflate.on("data", onData);
    deflate.once("error", reject);
    if (fin) {
      deflate.once("end", finish).end(text);
    } else {
      deflate.write(text);
      deflate.flush(constants.Z_SYNC_FLUSH, finish);
    }
  });
}

/**
 * Waits while more than half the cap is queued. False (after closing with 4009) when the client
 * took nothing for `stallMs`, or when the connection closed.
 */
async function _drained(conn: Connection): Promise<boolean> {
  const high = conn.maxBufferedBytes / 2;
  const state = await waitForRoom({ queued: () => conn.buffered, open: () => conn.open, high, stallMs: conn.stallMs });
  if (state === "stalled") conn.close(CloseCode.slowConsumer);
  return state === "ok";
}
