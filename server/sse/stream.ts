import type { ServerResponse } from "node:http";

/** One open Server-Sent Events response and what it is subscribed to. */
export interface SseStream {
  readonly res: ServerResponse;
  /** The user of a `/v1/users/:id/events` stream; `undefined` for a multi-user stream. */
  readonly userId: string | undefined;
  /** The ids of a multi-user stream (`undefined` with `all` or for a user stream). */
  readonly ids: ReadonlySet<string> | undefined;
  readonly all: boolean;
  /** A user stream's newest version sent; older (out-of-order) changes are skipped. */
  version: number;
  /** Bytes that may wait in the outgoing buffer before the stream is dropped. */
  allowance: number;
  /** Whether the first event (init or replay) was sent and live changes flow. */
  started: boolean;
  /** While a multi-user `init` is being written (nothing else may be written then). */
  initializing?: boolean;
  /** Counts frames written, for `/metrics`. */
  readonly sent?: { sse: number };
}

/**
 * Writes a frame, or drops the stream when the bytes waiting to be sent would pass its allowance:
 * a consumer that does not read costs a bounded amount of memory and never slows the others.
 */
export function sendFrame(stream: SseStream, frame: Buffer): void {
  const { res } = stream;
  if (res.destroyed || res.writableEnded) return;
  if (res.writableLength + frame.length > stream.allowance) {
    res.destroy();
    return;
  }
  res.write(frame);
  if (stream.sent) stream.sent.sse++;
}

/**
 * Writes what a stream starts with (an init or a replay, possibly large) in one chunk. It may
 * exceed `cap` once: until it has drained, the allowance is `cap` on top of it.
 */
export function sendFirst(stream: SseStream, frames: Buffer[], cap: number): void {
  const { res } = stream;
  if (res.destroyed || res.writableEnded) return;
  const chunk = frames.length === 1 ? frames[0] : Buffer.concat(frames);
  if (stream.sent) stream.sent.sse += frames.length;
  stream.allowance = cap + res.writableLength + chunk.length;
  if (chunk.length === 0 || res.write(chunk)) stream.allowance = cap;
  else res.once("drain", () => void (stream.allowance = cap));
}

/**
 * Ends a stream cleanly (the client reconnects), destroying it if it has not finished within
 * `graceMs` (a consumer that does not read would hold the end back). Resolves once closed.
 */
export function endStream(stream: SseStream, graceMs: number): Promise<void> {
  const { res } = stream;
  if (res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), graceMs);
    res.once("close", () => (clearTimeout(timer), resolve()));
    if (!res.writableEnded) res.end();
  });
}
