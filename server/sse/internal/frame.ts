/**
 * SSE wire format (WHATWG HTML "Server-sent events"): frames are built as Buffers once and written
 * as they are to every subscriber.
 */

/**
 * `event: <name>\ndata: <data>\n\n`. `data` must be one line; JSON.stringify output always is,
 * since it escapes CR and LF inside strings.
 */
export function toBody(event: string, data: string): Buffer {
  return Buffer.from(`event: ${event}\ndata: ${data}\n\n`);
}

/** Prefixes a body with its `id:` line. */
export function withId(id: string, body: Buffer): Buffer {
  const head = Buffer.from(`id: ${id}\n`);
  return Buffer.concat([head, body], head.length + body.length);
}

/** `retry: <ms>` on its own block: sets the browser's reconnect delay, dispatches nothing. */
export function toRetry(ms: number): Buffer {
  return Buffer.from(`retry: ${ms}\n\n`);
}

/** The heartbeat comment every stream gets. */
export const kPing = Buffer.from(": ping\n\n");

/**
 * A heartbeat that also moves the client's last event id forward without dispatching an event (a
 * block with an `id:` and no `data:` does exactly that), so a quiet subscription resumes from now.
 */
export function toPingWithId(id: string): Buffer {
  return Buffer.from(`: ping\nid: ${id}\n\n`);
}
