import { buildPresence } from "./build.ts";
import { toKvDelta } from "./kv-delta.ts";
import { nextLastSeen } from "./last-seen.ts";
import { sameState } from "./same-state.ts";
import type { CanonicalPresence, UserState } from "./types.ts";
import type { Hub, HubChange, HubListener, HubOptions, HubRecord, StateDiff } from "./hub-types.ts";
import { logger } from "../log/logger.ts";

export type { Hub, HubChange, HubListener, HubOptions, HubRecord, Snapshot, StateDiff } from "./hub-types.ts";

interface Entry {
  state: UserState;
  version: number;
  monitored: boolean;
  /** The normalised user and the raw object it came from, reused while the user is unchanged. */
  user: Pick<CanonicalPresence, "discord_user" | "user"> | undefined;
}

/**
 * Creates the hub. Subscribers are called synchronously, in order, for every change.
 * @example
 * const hub = createHub({ storage: storageView(storage, "users") });
 * await hub.start();
 * hub.subscribe("all", (change) => console.log(change.userId, change.version));
 */
export function createHub(options: HubOptions): Hub {
  const { storage, build, now = Date.now, flushDelayMs = 1000 } = options;
  const entries = new Map<string, Entry>();
  const monitored = new Set<string>();
  const byUser = new Map<string, Set<HubListener>>();
  const toAll = new Set<HubListener>();
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Every storage write (flushes and commits) runs on this one queue, so an older state can never
  // land after a newer one; a failed write does not stall the queue.
  let queue: Promise<void> = Promise.resolve();
  // Logged once per outage (failed flushes retry every flushDelayMs), and once when writes resume.
  let failing = false;
  function _enqueue(task: () => Promise<void>): Promise<void> {
    const run = queue.then(task);
    queue = run.then(
      () => void (failing && ((failing = false), logger.info("storage writes resumed"))),
      (error) => void (failing || ((failing = true), logger.error({ err: error }, "storage write failed"))),
    );
    return run;
  }

  function _notify(change: HubChange) {
    for (const listener of toAll) _call(listener, change);
    const set = byUser.get(change.userId);
    if (set) for (const listener of set) _call(listener, change);
  }

  function _notified(change: HubChange): HubChange {
    _notify(change);
    return change;
  }

  function _schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      hub.flush().catch(() => {}); // logged by the write queue; retried by the next flush
    }, flushDelayMs);
    timer.unref?.();
  }

  async function _write(ids: Iterable<string>) {
    const items = [];
    for (const id of ids) {
      const entry = entries.get(id);
      if (entry) items.push({ key: id, value: _record(entry) });
    }
    // One at a time per batch keeps fs-lite from opening thousands of files at once.
    for (let i = 0; i < items.length; i += 64) {
      await storage.setItems(items.slice(i, i + 64));
    }
  }

  function _entry(userId: string, at: number): Entry {
    let entry = entries.get(userId);
    if (!entry) {
      const state: UserState = { user: { id: userId }, presence: null, kv: {}, last_seen: null, updated_at: at };
      entry = { state, version: 0, monitored: false, user: undefined };
      entries.set(userId, entry);
    }
    return entry;
  }

  function _next(entry: Entry, diff: StateDiff, at: number): UserState {
    const prev = entry.state;
    const presence = diff.presence === undefined ? prev.presence : diff.presence;
    const user = diff.user && diff.user.username !== undefined ? diff.user : prev.user;
    const last_seen =
      diff.presence === undefined && entry.monitored
        ? prev.last_seen
        : nextLastSeen({ status: prev.presence?.status, last_seen: prev.last_seen }, presence?.status, at);
    return { user, presence, kv: diff.kv ?? prev.kv, last_seen, updated_at: at };
  }

  function _apply(userId: string, diff: StateDiff): HubChange {
    const at = now();
    const entry = _entry(userId, at);
    const kv = diff.kv && toKvDelta(entry.state.kv, diff.kv);
    entry.state = _next(entry, diff, at);
    entry.version += 1;
    entry.monitored = true;
    monitored.add(userId);
    // Only the inputs are kept per user; the built presence goes to subscribers and is rebuilt on
    // read (≈0.5 µs), which keeps memory per tracked user small.
    const built = buildPresence(userId, entry.state, build, entry.user);
    entry.user = { discord_user: built.discord_user, user: built.user };
    return { userId, version: entry.version, presence: built, memo: new Map(), ...(kv && { kv }) };
  }

  const hub: Hub = {
    async start() {
      for (const key of await storage.getKeys()) {
        const record = await storage.getItem<HubRecord>(key);
        if (!record || typeof record !== "object" || !record.state?.user?.id) continue;
        const id = record.state.user.id;
        entries.set(id, { state: record.state, version: record.version, monitored: false, user: undefined });
      }
    },
    get(userId) {
      const entry = entries.get(userId);
      if (!entry?.monitored) return undefined;
      return { version: entry.version, presence: buildPresence(userId, entry.state, build, entry.user) };
    },
    version(userId) {
      const entry = entries.get(userId);
      return entry?.monitored ? entry.version : undefined;
    },
    has: (userId) => monitored.has(userId),
    ids: () => monitored.values(),
    get size() {
      return monitored.size;
    },
    sync(userId, diff) {
      const change = _apply(userId, diff);
      dirty.add(userId);
      _schedule();
      _notify(change);
      return change;
    },
    holds(userId, diff) {
      const entry = entries.get(userId);
      return entry !== undefined && entry.monitored && sameState(entry.state, diff);
    },
    async commit(userId, diff) {
      // Store what the state will be, then apply through the ordinary path: subscribers see every
      // user's versions in order even when gateway events arrive while the write is in flight
      // (the write-behind flush then stores those too).
      const at = now();
      const entry = _entry(userId, at);
      const pending = { state: _next(entry, diff, at), version: entry.version + 1, monitored: entry.monitored };
      await _enqueue(() => storage.setItem(userId, pending));
      if (entry.monitored) return hub.sync(userId, diff);
      // The user left (or never was monitored): keep the write, but do not serve them again.
      entry.state = _next(entry, diff, now());
      entry.version += 1;
      dirty.add(userId);
      _schedule();
      return { userId, version: entry.version, presence: null, memo: new Map() };
    },
    async remove(userId, options) {
      const entry = entries.get(userId);
      if (entry && options?.scrub && entry.state.presence !== null) {
        // Not served any more, so not kept either: the next sync brings the presence back.
        entry.state = { ...entry.state, presence: null };
        dirty.add(userId);
        _schedule();
      }
      if (!entry?.monitored) return undefined;
      entry.monitored = false;
      entry.version += 1;
      monitored.delete(userId);
      dirty.add(userId);
      _schedule();
      const change: HubChange = { userId, version: entry.version, presence: null, memo: new Map() };
      _notify(change);
      return change;
    },
    async forget(userId) {
      const entry = entries.get(userId);
      let version: number | undefined;
      if (entry) {
        version = entry.version + 1;
        // Published (over the bus too) as an empty, unmonitored record, then dropped: other
        // processes keep nothing but the id and version, this one nothing at all.
        entry.state = { user: { id: userId }, presence: null, kv: {}, last_seen: null, updated_at: now() };
        Object.assign(entry, { version, monitored: false, user: undefined });
        monitored.delete(userId);
        dirty.delete(userId);
        _notify({ userId, version, presence: null, memo: new Map() });
        entries.delete(userId);
      }
      await _enqueue(() => storage.removeItem(userId));
      return version;
    },
    subscribe(target, listener) {
      if (target === "all") {
        toAll.add(listener);
        return () => void toAll.delete(listener);
      }
      const ids = [...new Set(target)];
      for (const id of ids) {
        let set = byUser.get(id);
        if (!set) byUser.set(id, (set = new Set()));
        set.add(listener);
      }
      return () => {
        for (const id of ids) {
          const set = byUser.get(id);
          set?.delete(listener);
          if (set?.size === 0) byUser.delete(id);
        }
      };
    },
    flush() {
      return _enqueue(async () => {
        if (timer) clearTimeout(timer), (timer = undefined);
        if (dirty.size === 0) return;
        const ids = [...dirty];
        dirty.clear();
        try {
          await _write(ids);
        } catch (error) {
          // Storage away (a Redis outage): keep them dirty and try again later.
          for (const id of ids) dirty.add(id);
          _schedule();
          throw error;
        }
      });
    },
    record(userId) {
      const entry = entries.get(userId);
      return entry && _record(entry);
    },
    apply(userId, record) {
      const entry = _entry(userId, record.state.updated_at);
      if (record.version <= entry.version) return undefined;
      const was = entry.monitored;
      Object.assign(entry, { state: record.state, version: record.version, monitored: record.monitored });
      if (!record.monitored) {
        monitored.delete(userId);
        return was ? _notified({ userId, version: record.version, presence: null, memo: new Map() }) : undefined;
      }
      monitored.add(userId);
      const built = buildPresence(userId, entry.state, build, entry.user);
      entry.user = { discord_user: built.discord_user, user: built.user };
      return _notified({ userId, version: entry.version, presence: built, memo: new Map() });
    },
    async close() {
      await hub.flush();
      toAll.clear();
      byUser.clear();
    },
  };
  return hub;
}

// --- internal ---

function _record(entry: Entry): HubRecord {
  return { state: entry.state, version: entry.version, monitored: entry.monitored };
}

function _call(listener: HubListener, change: HubChange) {
  try {
    listener(change);
  } catch (error) {
    // One broken subscriber must not stop delivery to the others.
    logger.error({ err: error }, "hub subscriber failed");
  }
}
