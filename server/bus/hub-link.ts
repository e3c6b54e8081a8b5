import type { Storage } from "unstorage";
import type { Hub, HubRecord } from "../presence/hub.ts";
import { BusChannel, type Bus } from "./bus.ts";
import { createDeltaReader, toDeltaMessage, type DeltaMessage } from "./hub-deltas.ts";
import { logger } from "../log/logger.ts";

/** Options of {@link linkHub}. */
export interface HubLinkOptions {
  hub: Hub;
  bus: Bus;
  /** The hub's storage view (`users`), read by readers to catch up. */
  storage: Storage;
  /**
   * `writer`: this process changes the hub (gateway, or `ROLE=all` over Redis) and publishes
   * every change. `reader`: an api process, applying what writers publish.
   */
  mode: "writer" | "reader";
  /** @default logger.error */
  logError?: (message: string, error: unknown) => void;
}

/** A live link between a hub and the bus. */
export interface HubLink {
  /** Readers: resolves once subscribed and caught up with storage (the first time). */
  readonly ready: Promise<void>;
  /** Readers: reads every stored record and applies the newer ones. */
  reload(): Promise<void>;
  close(): void;
}

/**
 * Connects a hub to the other processes. Every change goes out as the user's state without the
 * KV plus the KV pairs it changed ({@link DeltaMessage}), so a KV write costs what it changed; a
 * reader applies version `v` on top of `v - 1`, ignores older ones, and reads the user's record
 * from storage after a gap (`hub-deltas.ts`). Whole records travel only for catch-up.
 *
 * Messages are at most once, so a reader converges this way: each time its bus is (again)
 * subscribed it reloads every record from storage and asks writers to flush; a writer flushes and
 * answers `flushed` on request and whenever its own bus comes back; a reader reloads again on
 * `flushed`. A change missed during an outage is thus in storage before the reload that follows.
 * @example
 * const link = linkHub({ hub, bus, storage: storageView(storage, "users"), mode: "reader" });
 * await link.ready;
 * @see README.md#scaling-out-with-redis
 */
export function linkHub(options: HubLinkOptions): HubLink {
  const { hub, bus, storage, mode, logError = _logError } = options;
  const offs: Array<() => void> = [];
  let closed = false;

  if (mode === "writer") {
    offs.push(hub.subscribe("all", (change) => {
      const record = hub.record(change.userId);
      // A failed publish is caught up by the `flushed` that follows the bus's return.
      if (record) bus.publish(BusChannel.changes, toDeltaMessage(change, record)).catch(() => {});
    }));
    // The bus and the storage reconnect on their own: when the bus is back first, the flush fails,
    // and readers would never hear `flushed` for what the write-behind stores later. So a failed
    // flush is tried again until it lands, and only then announced.
    const retry = _retrier(() => flushed());
    let failing = false;
    const flushed = () => {
      retry.cancel();
      hub.flush().then(
        () => ((failing = false), bus.publish(BusChannel.sync, { t: "flushed" } satisfies _Sync)),
        (error) => {
          if (!failing) (failing = true), logError("flush for the bus failed (retrying)", error);
          retry.schedule();
        },
      ).catch(() => {});
    };
    offs.push(bus.subscribe(BusChannel.sync, (m) => (m as _Sync).t === "request" && flushed()));
    offs.push(bus.onReady(flushed));
    offs.push(retry.cancel);
    return { ready: bus.settled(), reload: async () => {}, close: () => offs.splice(0).forEach((f) => f()) };
  }

  let loading: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  /**
   * One load at a time. A call during a load gets one more load, started after it (the running
   * one may have read its keys before the reason for this call), and resolves only when that one
   * has: `ready` must not resolve before a load has read storage.
   */
  function _reload(): Promise<void> {
    if (!loading) return (loading = _load().finally(() => (loading = undefined)));
    return (queued ??= loading.catch(() => {}).then(() => ((queued = undefined), closed ? undefined : _reload())));
  }
  async function _load() {
    const keys = await storage.getKeys();
    for (let i = 0; i < keys.length && !closed; i += 256) {
      const items = await storage.getItems(keys.slice(i, i + 256));
      for (const { value } of items) {
        const record = value as HubRecord | null;
        if (record?.state?.user?.id) hub.apply(record.state.user.id, record);
      }
    }
  }
  /** Asks writers to flush and reloads; at start a failed reload fails `ready`, later it is retried. */
  async function _catchUp(starting: boolean) {
    await bus.publish(BusChannel.sync, { t: "request" } satisfies _Sync).catch(() => {});
    await (starting ? _reload() : reload());
  }
  // As for the writer's flush: a reload while this process's storage is still away is retried.
  const reloadRetry = _retrier(() => void reload());
  const reload = () =>
    _reload().then(reloadRetry.cancel, (error) => {
      logError("reload from storage failed (retrying)", error);
      if (!closed) reloadRetry.schedule();
    });

  const applyDelta = createDeltaReader(hub, storage, logError);
  offs.push(bus.subscribe(BusChannel.changes, (m) => {
    const { u, r } = m as _Change;
    // A whole record: what a writer of an earlier release publishes, during a rolling upgrade.
    if (typeof u === "string" && r && typeof r.version === "number") hub.apply(u, r);
    else applyDelta(m as DeltaMessage);
  }));
  offs.push(bus.subscribe(BusChannel.sync, (m) => (m as _Sync).t === "flushed" && void reload()));
  offs.push(bus.onReady(() => void _catchUp(false).catch((error) => logError("catch-up failed", error))));
  const ready = bus.settled().then(() => _catchUp(true));
  return {
    ready,
    reload: _reload,
    close() {
      closed = true;
      reloadRetry.cancel();
      offs.splice(0).forEach((f) => f());
    },
  };
}

// --- internal ---

/** How long a failed flush or reload waits before it is tried again. */
const _RETRY_MS = 250;

/** One pending retry of `task` at a time. */
function _retrier(task: () => void): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => ((timer = undefined), task()), _RETRY_MS);
      timer.unref?.();
    },
    cancel() {
      if (timer) clearTimeout(timer), (timer = undefined);
    },
  };
}

/** A change on the wire as earlier releases sent it: user id and the whole record. */
interface _Change {
  u: string;
  r: HubRecord;
}

/** Catch-up messages: a reader's `request`, a writer's `flushed`. */
interface _Sync {
  t: "request" | "flushed";
}

function _logError(message: string, error: unknown) {
  logger.error({ err: error }, `bus: ${message}`);
}
