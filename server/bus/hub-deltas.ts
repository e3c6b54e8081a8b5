import type { Storage } from "unstorage";
import { fromKvDelta, type KvDelta } from "../presence/kv-delta.ts";
import type { Hub, HubChange, HubRecord } from "../presence/hub.ts";
import type { UserState } from "../presence/types.ts";

/** Messages kept per user while their record is read from storage. */
const kMaxWaiting = 1024;

/**
 * A hub change on the bus: the user's state without its KV, plus the KV pairs the change set or
 * removed (`k`, absent when the KV did not change). So a KV write costs the bytes it changed, not
 * the whole record: filling a user's KV pair by pair is linear, not quadratic. Version `v` applies
 * on top of version `v - 1`.
 */
export interface DeltaMessage {
  u: string;
  v: number;
  /** The state without `kv`. */
  s: Omit<UserState, "kv">;
  /** Monitored. */
  m: boolean;
  k?: KvDelta;
}

/**
 * The message a writer publishes for `change` (its hub's current `record` of that user).
 * @example
 * bus.publish(BusChannel.changes, toDeltaMessage(change, hub.record(change.userId)!));
 */
export function toDeltaMessage(change: HubChange, record: HubRecord): DeltaMessage {
  const { kv: _kv, ...state } = record.state;
  const message: DeltaMessage = { u: change.userId, v: record.version, s: state, m: record.monitored };
  if (change.kv) message.k = change.kv;
  return message;
}

/**
 * A reader's side: applies each delta on top of the version it follows. After a gap (a message
 * lost in an outage, a change that was not published, a reader that just started), the user's
 * record is read from storage, the messages that arrive meanwhile wait, and then apply in order.
 * Storage holds every acknowledged KV write before it is published (KV writes are stored before
 * they are applied), so the stored KV is the KV the first message after the gap builds on.
 * @example
 * const apply = createDeltaReader(hub, storage, console.error);
 * bus.subscribe(BusChannel.changes, (m) => apply(m as DeltaMessage));
 */
export function createDeltaReader(
  hub: Hub,
  storage: Storage,
  logError: (message: string, error: unknown) => void,
): (message: DeltaMessage) => void {
  const waiting = new Map<string, DeltaMessage[]>();

  function _applyNext(message: DeltaMessage, rebase: boolean): boolean {
    const own = hub.record(message.u);
    const version = own?.version ?? 0;
    if (message.v <= version) return true; // already applied (or newer)
    if (message.v !== version + 1 && !rebase) return false;
    const base = own?.state.kv ?? {};
    const kv = message.k ? fromKvDelta(base, message.k) : base;
    hub.apply(message.u, { state: { ...message.s, kv }, version: message.v, monitored: message.m });
    return true;
  }

  async function _catchUp(trigger: DeltaMessage) {
    const { u } = trigger;
    let stored: HubRecord | null;
    try {
      stored = await storage.getItem<HubRecord>(u);
    } catch (error) {
      // Storage away: the reload that follows the bus's return brings the user up to date.
      waiting.delete(u);
      return logError(`reading user ${u} after a gap failed`, error);
    }
    if (stored?.state?.user?.id === u && typeof stored.version === "number") hub.apply(u, stored);
    const queued = waiting.get(u) ?? [];
    waiting.delete(u);
    // The trigger was received before the read: no KV write after it can be missing from storage.
    _applyNext(trigger, true);
    for (let i = 0; i < queued.length; i++) {
      if (!_applyNext(queued[i]!, false)) return _gap(queued[i]!, queued.slice(i + 1));
    }
  }

  function _gap(trigger: DeltaMessage, queued: DeltaMessage[] = []) {
    waiting.set(trigger.u, queued);
    void _catchUp(trigger);
  }

  return function _applyDelta(message) {
    if (typeof message?.u !== "string" || typeof message.v !== "number" || !message.s) return;
    const queued = waiting.get(message.u);
    // Past the cap a message is dropped: the next one is then a gap, read again from storage.
    if (queued) return void (queued.length < kMaxWaiting && queued.push(message));
    if (!_applyNext(message, false)) _gap(message);
  };
}
