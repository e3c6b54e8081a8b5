/**
 * The Server-Sent Events protocol of presence-kit: event names and defaults, mirrored by the
 * README section.
 * @see README.md#server-sent-events
 */

/** Names of the events a stream sends (the `event:` field). */
export const SseEvent = {
  /** First event of a stream (and after a gap too old to replay): the full state. */
  init: "init",
  /** A user's new presence: the Lanyard presence plus `user_id`. */
  presence: "presence",
  /** `{ user_id }`: the user is no longer monitored. */
  remove: "remove",
} as const;

export type SseEvent = (typeof SseEvent)[keyof typeof SseEvent];

/** The `retry:` hint sent first: how long a browser waits before reconnecting. */
export const SSE_RETRY_MS = 2000;

/** Interval of the `: ping` comment that keeps proxies from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;

/** How many recent changes (all users together) are kept to replay after a reconnect. */
export const SSE_HISTORY_SIZE = 4096;

/**
 * Most bytes a stream may have waiting to be sent (beyond its first init or replay) before it is
 * dropped as a slow consumer.
 */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * How long a multi-user `init`, written as the client reads, may wait for the client to take the
 * next chunk before the stream is cut, in ms.
 */
export const SSE_INIT_STALL_MS = 10_000;

/** Response headers of every stream (CORS headers set by the app are added to these). */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
  connection: "keep-alive",
} as const;
