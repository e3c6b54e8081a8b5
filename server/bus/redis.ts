import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { connectRedis } from "../storage/redis.ts";
import { failInFlightOnClose } from "../storage/redis-in-flight.ts";
import type { Bus, BusListener } from "./bus.ts";
import { logger, logLine, type LogSink } from "../log/logger.ts";

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** `redis://host:port` (the same Redis as `STORAGE`). */
  url: string;
  /** Longest wait for the first connection. @default 5000 */
  connectTimeoutMs?: number;
  /** Longest pause between reconnect attempts. @default 500 */
  maxRetryDelayMs?: number;
  /** One-line log sink for outages and recoveries. @default logLine */
  log?: LogSink;
}

/**
 * A {@link Bus} over Redis pub/sub (ioredis): one connection publishes, a second one (in
 * subscriber mode) listens. Both reconnect on their own after an outage; the subscriptions are
 * made again and `onReady` listeners run once both connections are back. Nothing is queued while
 * Redis is away: `publish` rejects, and readers catch up through `onReady`.
 * @example
 * const bus = await createRedisBus({ url: "redis://127.0.0.1:6379" });
 * bus.subscribe(BusChannel.changes, (message) => console.log(message));
 * @see README.md#scaling-out-with-redis
 */
export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const { url, connectTimeoutMs = 5000, maxRetryDelayMs = 500, log = logLine } = options;
  const id = randomUUID();
  const base = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResubscribe: false,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 1,
    // A publish in flight when the connection drops fails then, not after the reconnect.
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, maxRetryDelayMs),
  };
  const pub = new Redis(url, { ...base, connectionName: `pk-pub-${id}` });
  const sub = new Redis(url, { ...base, connectionName: `pk-sub-${id}` });
  const inFlight = failInFlightOnClose(pub);
  const channels = new Map<string, Set<BusListener>>();
  const ready = new Set<() => void>();
  const lost = new Set<() => void>();
  let subscribed = false;
  // Subscribe/unsubscribe commands in flight (or the next resubscription), for `settled()`.
  let pending: Promise<unknown> = Promise.resolve();
  function _track(command: () => Promise<unknown>) {
    const next = sub.status === "ready" ? command().catch(() => {}) : _nextReady();
    pending = Promise.all([pending, next]);
  }
  function _nextReady() {
    return new Promise<void>((resolve) => {
      const once = () => (ready.delete(once), resolve());
      ready.add(once);
    });
  }
  let up = false;
  let down = false;
  let closed = false;

  function _check() {
    const now = !closed && subscribed && pub.status === "ready";
    if (now === up) return;
    up = now;
    if (!now) return void [...lost].forEach(_call);
    if (down) log("[presence-kit] bus: Redis is back");
    down = false;
    for (const listener of [...ready]) _call(listener);
  }

  function _lost(error?: Error) {
    if (!down && !closed) log(`[presence-kit] bus: lost Redis${error ? ` (${error.message})` : ""}, reconnecting`, "warn");
    down = true;
    _check();
  }

  async function _resubscribe() {
    subscribed = false;
    try {
      if (channels.size > 0) await sub.subscribe(...channels.keys());
      subscribed = true;
    } catch (error) {
      // The connection dropped again; the next "ready" retries.
      return _lost(error as Error);
    }
    _check();
  }

  sub.on("message", (channel: string, text: string) => {
    const listeners = channels.get(channel);
    if (!listeners) return;
    let envelope: _Envelope;
    try {
      envelope = JSON.parse(text);
    } catch {
      return; // not ours: someone else publishing on our channel names
    }
    if (!envelope || envelope.o === id) return;
    for (const l of [...listeners]) _call(() => l(envelope.d, envelope.o));
  });
  for (const conn of [pub, sub]) {
    conn.on("error", (error: Error) => _lost(error));
    conn.on("close", () => (conn === sub && (subscribed = false), _lost()));
  }
  sub.on("ready", () => void _resubscribe());
  pub.on("ready", _check);

  try {
    await Promise.all([connectRedis(pub, connectTimeoutMs), connectRedis(sub, connectTimeoutMs)]);
  } catch (error) {
    closed = true;
    pub.disconnect();
    sub.disconnect();
    throw new Error(`STORAGE=${url}: the Redis bus cannot connect (${(error as Error).message})`);
  }

  return {
    id,
    get connected() {
      return up;
    },
    async publish(channel, message) {
      if (closed) throw new Error("bus closed");
      const text = JSON.stringify({ o: id, d: message } satisfies _Envelope);
      return inFlight(() => pub.publish(channel, text));
    },
    subscribe(channel, listener) {
      let set = channels.get(channel);
      if (!set) {
        channels.set(channel, (set = new Set()));
        _track(() => sub.subscribe(channel)); // while disconnected: made again on "ready"
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size > 0 || channels.get(channel) !== set) return;
        channels.delete(channel);
        _track(() => sub.unsubscribe(channel));
      };
    },
    settled: () => pending.then(() => {}),
    onReady(listener) {
      ready.add(listener);
      return () => void ready.delete(listener);
    },
    onLost(listener) {
      lost.add(listener);
      return () => void lost.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      up = false;
      channels.clear();
      ready.clear();
      lost.clear();
      // Unsubscribed before QUIT: Redis drops a quitting client's subscriptions only once it is
      // freed, after its OK, so a PUBLISH right after close() could still count it.
      if (sub.status === "ready") await sub.unsubscribe().catch(() => {});
      await Promise.allSettled([pub.quit(), sub.quit()]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}

// --- internal ---

/** What goes over the wire: the publisher's id (to drop our own echo) and the payload. */
interface _Envelope {
  o: string;
  d: unknown;
}

function _call(fn: () => void) {
  try {
    fn();
  } catch (error) {
    logger.error({ err: error }, "bus subscriber failed");
  }
}
