import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Hub, HubChange } from "../presence/hub.ts";
import type { PresenceSource } from "../source/source.ts";
import { bodyOf, userFrameOf } from "./encode.ts";
import { createHistory } from "./history.ts";
import { newEpoch, toMultiEventId } from "./internal/event-id.ts";
import { kPing, toPingWithId, toRetry, withId } from "./internal/frame.ts";
import {
  SSE_HEADERS,
  SSE_HEARTBEAT_MS,
  SSE_HISTORY_SIZE,
  SSE_INIT_STALL_MS,
  SSE_MAX_BUFFERED_BYTES,
  SSE_RETRY_MS,
} from "./protocol.ts";
import { writeMultiInit } from "./init-stream.ts";
import { replayMulti, startMulti, startUser, type ResumeContext } from "./resume.ts";
import { endStream, sendFirst, sendFrame, type SseStream } from "./stream.ts";
import { logger } from "../log/logger.ts";

/** Options of {@link createSseBroker}. */
export interface SseBrokerOptions {
  hub: Hub;
  /** Streams opened while it is still connecting wait until it is ready before their first event. */
  source?: Pick<PresenceSource, "status" | "ready">;
  /** @default 15000 */
  heartbeatMs?: number;
  /** Changes kept for replay, all users together. @default 4096 */
  historySize?: number;
  /** Outgoing bytes a stream may have waiting before it is dropped. @default 1048576 */
  maxBufferedBytes?: number;
  /** @default 2000 */
  retryMs?: number;
  /** How long a stream may take to finish on {@link SseBroker.close} before it is cut. @default 1000 */
  closeGraceMs?: number;
  /** Where frames written are counted (`/metrics`). */
  frames?: { sse: number };
  /** How long a multi-user `init` may wait for the client to read before the stream is cut. @default 10000 */
  initStallMs?: number;
}

/** What a stream follows: one user, some users, or every monitored user (now and later). */
export type SseTarget = { userId: string } | { ids: string[] } | { all: true };

/** Fans hub changes out to Server-Sent Events streams, with replay on reconnect. */
export interface SseBroker {
  /**
   * Answers on `res` (200 and the SSE head plus `headers`), sends the first event and then every
   * change; resolves once the response has closed.
   */
  open(
    res: ServerResponse,
    target: SseTarget,
    options?: { lastEventId?: string; headers?: OutgoingHttpHeaders },
  ): Promise<void>;
  /** Open streams. */
  readonly size: number;
  /** True once {@link SseBroker.close} was called; `open` must not be called then. */
  readonly closed: boolean;
  /** Ends every stream (clients reconnect elsewhere) and stops following the hub. */
  close(): Promise<void>;
}

/**
 * Creates the broker: one hub subscription for all streams; each change is recorded in the
 * history and encoded at most once, then the same bytes go to every stream that wants it.
 * @example
 * const broker = createSseBroker({ hub, source });
 * shutdown.add(() => broker.close());
 * await broker.open(res, { userId: "94490510688792576" });
 * @see README.md#server-sent-events
 */
export function createSseBroker(options: SseBrokerOptions): SseBroker {
  const {
    hub,
    source,
    heartbeatMs = SSE_HEARTBEAT_MS,
    historySize = SSE_HISTORY_SIZE,
    maxBufferedBytes = SSE_MAX_BUFFERED_BYTES,
    retryMs = SSE_RETRY_MS,
    closeGraceMs = 1000,
    frames,
    initStallMs = SSE_INIT_STALL_MS,
  } = options;
  const latest = new Map<string, number>();
  const ctx: ResumeContext = { hub, history: createHistory(historySize), epoch: newEpoch(), latest };
  const streams = new Set<SseStream>();
  const byUser = new Map<string, Set<SseStream>>();
  const toAll = new Set<SseStream>();
  const retry = toRetry(retryMs);
  let closed = false;

  function _onChange(change: HubChange) {
    const prev = latest.get(change.userId);
    // The hub may notify a committed write after a newer synced one: the newer one already holds
    // everything, so the older one is dropped rather than sent after it.
    if (prev !== undefined && change.version <= prev) return;
    latest.set(change.userId, change.version);
    const entry = ctx.history.add(change);
    const set = byUser.get(change.userId);
    if (!set && toAll.size === 0) return;
    let multi: Buffer | undefined;
    const _multi = () => (multi ??= withId(toMultiEventId(ctx.epoch, entry.seq), bodyOf(entry, change)));
    if (set) {
      for (const stream of set) {
        if (stream.userId === undefined) sendFrame(stream, _multi());
        else if (change.version > stream.version) {
          stream.version = change.version;
          sendFrame(stream, userFrameOf(entry, change));
        }
      }
    }
    for (const stream of toAll) sendFrame(stream, _multi());
  }

  function _start(stream: SseStream, lastEventId: string | undefined) {
    if (closed || stream.res.destroyed) return;
    let frames: Buffer[];
    try {
      if (stream.userId !== undefined) {
        const first = startUser(ctx, stream.userId, lastEventId);
        stream.version = first.version;
        frames = first.frames;
      } else {
        const replay = startMulti(ctx, stream, lastEventId);
        if (!replay) return void _initThenFollow(stream);
        frames = replay;
      }
    } catch (error) {
      // A bug: the head is sent already, so the only honest answer left is to cut the stream.
      logger.error({ err: error }, "SSE stream failed to start");
      return void stream.res.destroy();
    }
    _follow(stream, frames);
  }

  /** A multi-user `init` is written over many event-loop turns, then what changed meanwhile. */
  async function _initThenFollow(stream: SseStream) {
    stream.initializing = true;
    let frames: Buffer[] | undefined;
    try {
      const seq = await writeMultiInit(ctx, stream, { stallMs: initStallMs, maxBufferedBytes });
      if (seq === undefined || closed) return;
      frames = replayMulti(ctx, stream, seq);
    } catch (error) {
      logger.error({ err: error }, "SSE init failed");
      return void stream.res.destroy();
    } finally {
      stream.initializing = false;
    }
    // More changes went by than the history holds: the client reconnects for a fresh init.
    if (!frames) return void stream.res.end();
    _follow(stream, frames);
  }

  function _follow(stream: SseStream, frames: Buffer[]) {
    sendFirst(stream, frames, maxBufferedBytes);
    // Registered in the same tick as the replay was computed, so no change falls between.
    stream.started = true;
    if (stream.all) toAll.add(stream);
    for (const id of stream.userId !== undefined ? [stream.userId] : (stream.ids ?? [])) {
      let set = byUser.get(id);
      if (!set) byUser.set(id, (set = new Set()));
      set.add(stream);
    }
  }

  function _detach(stream: SseStream) {
    streams.delete(stream);
    toAll.delete(stream);
    for (const id of stream.userId !== undefined ? [stream.userId] : (stream.ids ?? [])) {
      const set = byUser.get(id);
      set?.delete(stream);
      if (set?.size === 0) byUser.delete(id);
    }
  }

  function _heartbeat() {
    let ping: Buffer | undefined;
    for (const stream of streams) {
      // A ping in the middle of an init's data line would corrupt it.
      if (stream.initializing) continue;
      if (!stream.started || stream.userId !== undefined) sendFrame(stream, kPing);
      // Every started multi-user stream has been sent all of its changes up to now.
      else sendFrame(stream, (ping ??= toPingWithId(toMultiEventId(ctx.epoch, ctx.history.seq))));
    }
  }

  const off = hub.subscribe("all", _onChange);
  const timer = setInterval(_heartbeat, heartbeatMs);
  timer.unref?.();

  return {
    open(res, target, { lastEventId, headers } = {}) {
      if (closed) throw new Error("SSE broker is closed");
      res.writeHead(200, { ...headers, ...SSE_HEADERS });
      res.on("error", _ignore);
      res.write(retry);
      const stream: SseStream = {
        res,
        userId: "userId" in target ? target.userId : undefined,
        ids: "ids" in target ? new Set(target.ids) : undefined,
        all: "all" in target,
        version: 0,
        allowance: maxBufferedBytes,
        started: false,
        sent: frames,
      };
      streams.add(stream);
      const done = new Promise<void>((resolve) => res.once("close", () => (_detach(stream), resolve())));
      const state = source?.status().state;
      // While the source is still connecting the hub is mostly empty: an init now would be wrong.
      if (state === "idle" || state === "connecting") {
        const go = () => _start(stream, lastEventId);
        source!.ready().then(go, go);
      } else _start(stream, lastEventId);
      return done;
    },
    get size() {
      return streams.size;
    },
    get closed() {
      return closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      off();
      clearInterval(timer);
      await Promise.all([...streams].map((stream) => endStream(stream, closeGraceMs)));
    },
  };
}

// --- internal ---

// Socket errors end the response ('close' cleans up); there is nothing else to do with them.
function _ignore() {}
