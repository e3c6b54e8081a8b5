/**
 * A multi-user stream's `init` of any size without a monolithic frame: it stays one event (what
 * `EventSource` clients expect, with the same bytes as before), but its `data:` line is produced a
 * chunk at a time and written as the client reads.
 * @see README.md#server-sent-events
 */

import { waitForRoom } from "../limits/room.ts";
import { initTurns, type TurnBudget } from "../limits/turn-budget.ts";
import { toPresenceJson } from "./encode.ts";
import { toMultiEventId } from "./internal/event-id.ts";
import { SseEvent } from "./protocol.ts";
import type { ResumeContext } from "./resume.ts";
import type { SseStream } from "./stream.ts";

/** Options of {@link writeMultiInit}. */
export interface InitStreamOptions {
  /** Bytes of JSON per write; one chunk is built per event-loop turn. @default 65536 */
  chunkBytes?: number;
  /** Shares event-loop turns with the other initial states being written. @default initTurns */
  turns?: TurnBudget;
  /** How long a write may wait for the client to read before the stream is cut. */
  stallMs: number;
  /** The stream's buffer cap: writing pauses while more than half of it is queued. */
  maxBufferedBytes: number;
}

/**
 * Writes `id: <epoch>.<seq>`, `event: init` and the `{ "<id>": <presence>, … }` of the stream's
 * monitored users, each read when it is reached (so it is at least as new as `seq`). Resolves with
 * `seq` once written — the changes after it are then replayed from the history, some perhaps
 * already in the init (a client may see a presence twice, never miss one) — or `undefined` when
 * the stream closed or stalled (it is destroyed then).
 * @example
 * const seq = await writeMultiInit(ctx, stream, { stallMs: 10_000 });
 * if (seq !== undefined) replayMulti(ctx, stream, seq);
 */
export async function writeMultiInit(
  ctx: ResumeContext,
  stream: SseStream,
  options: InitStreamOptions,
): Promise<number | undefined> {
  const { chunkBytes = 64 * 1024, stallMs, maxBufferedBytes, turns = initTurns } = options;
  const highWater = maxBufferedBytes / 2;
  const { res } = stream;
  const seq = ctx.history.seq;
  // The live id set for `all`: users who appear meanwhile are in it, those who leave are not.
  const ids = (stream.all ? ctx.hub.ids() : (stream.ids ?? new Set<string>()).values()) as Iterator<string>;
  let text = `id: ${toMultiEventId(ctx.epoch, seq)}\nevent: ${SseEvent.init}\ndata: {`;
  let first = true;
  for (;;) {
    // Each chunk in a turn of its own, within the budget all initial states share.
    await turns.take(chunkBytes);
    if (res.destroyed || res.writableEnded) return undefined;
    const parts: string[] = [];
    let size = 0;
    let done = false;
    while (size < chunkBytes) {
      const next = ids.next();
      if (next.done) {
        done = true;
        break;
      }
      const snapshot = ctx.hub.get(next.value);
      if (!snapshot) continue;
      const entry = `${JSON.stringify(next.value)}:${toPresenceJson(next.value, snapshot.presence)}`;
      parts.push(entry);
      size += entry.length;
    }
    if (parts.length > 0) text += (first ? "" : ",") + parts.join(","), (first = false);
    if (done) text += "}\n\n";
    // Written in slices of at most `chunkBytes` (one large presence included), so a slow reader's
    // progress shows between writes.
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      if (res.destroyed || res.writableEnded) return undefined;
      res.write(bytes.subarray(at, at + chunkBytes));
      // Waiting for a full drain after every slice would cost a round trip each; half the cap
      // queued is the signal to wait, as on the WebSocket.
      if (res.writableLength > highWater && !(await _drained(res, highWater, stallMs))) return undefined;
    }
    if (done) {
      if (stream.sent) stream.sent.sse++;
      return seq;
    }
    text = "";
  }
}

// --- internal ---

/** Waits for room below `high`; false (the stream cut if it stalled) when there is none. */
async function _drained(res: SseStream["res"], high: number, stallMs: number): Promise<boolean> {
  const open = () => !res.destroyed && !res.writableEnded;
  const state = await waitForRoom({ queued: () => res.writableLength, open, high, stallMs });
  if (state === "stalled") res.destroy();
  return state === "ok";
}
