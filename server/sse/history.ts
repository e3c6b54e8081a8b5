import type { CanonicalPresence } from "../presence/types.ts";
import type { HubChange } from "../presence/hub.ts";

/** One recorded change. */
export interface HistoryEntry {
  /** Position in this process's sequence of changes, from 1, without gaps. */
  readonly seq: number;
  readonly userId: string;
  readonly version: number;
  /** The new presence (`null`: no longer monitored); released once `body` is encoded. */
  presence: CanonicalPresence | null | undefined;
  /** The encoded `event:`/`data:` part, set by the first stream that needed it. */
  body: Buffer | undefined;
}

/** The last `capacity` changes of every user, in order: what a reconnecting stream missed. */
export interface History {
  /** Records a change under the next sequence number (evicting the oldest when full). */
  add(change: HubChange): HistoryEntry;
  /** Sequence number of the newest change, 0 before the first. */
  readonly seq: number;
  /** Whether every change after `seq` is still here (so a stream at `seq` can catch up). */
  covers(seq: number): boolean;
  /** The changes after `seq`, oldest first; `seq` must be covered. */
  after(seq: number): HistoryEntry[];
  /** One user's recorded changes, oldest first. */
  ofUser(userId: string): HistoryEntry[];
}

/**
 * Creates a ring of recent changes. Entries hold the presence only until they are encoded, so the
 * memory is bounded by `capacity` presences or encodings (≈ 1–3 KB each).
 * @example
 * const history = createHistory(4096);
 * hub.subscribe("all", (change) => history.add(change));
 */
export function createHistory(capacity: number): History {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
  }
  const ring: HistoryEntry[] = [];
  // Sequence number of each user's newest removal (left, opted out, forgotten): their entries
  // before it are never replayed, so a stream resuming from before a removal hears only the
  // removal. O(1) per change; an entry goes once its removal leaves the ring.
  const removedAt = new Map<string, number>();
  const _shown = (e: HistoryEntry) => (removedAt.get(e.userId) ?? 0) <= e.seq;
  let last = 0;
  // Sequence numbers have no gaps, so the entry of `seq` lives at a fixed slot of the ring.
  const _at = (seq: number) => ring[(seq - 1) % capacity];
  const _oldest = () => last - Math.min(last, capacity) + 1;

  return {
    add(change) {
      const entry: HistoryEntry = {
        seq: ++last,
        userId: change.userId,
        version: change.version,
        presence: change.presence,
        body: undefined,
      };
      const evicted = ring[(entry.seq - 1) % capacity];
      if (evicted && removedAt.get(evicted.userId) === evicted.seq) removedAt.delete(evicted.userId);
      if (change.presence === null) removedAt.set(change.userId, entry.seq);
      ring[(entry.seq - 1) % capacity] = entry;
      return entry;
    },
    get seq() {
      return last;
    },
    covers(seq) {
      return Number.isInteger(seq) && seq >= _oldest() - 1 && seq <= last;
    },
    after(seq) {
      const out: HistoryEntry[] = [];
      for (let s = Math.max(seq + 1, _oldest()); s <= last; s++) if (_shown(_at(s))) out.push(_at(s));
      return out;
    },
    ofUser(userId) {
      const out: HistoryEntry[] = [];
      for (let s = _oldest(); s <= last; s++) if (_at(s).userId === userId && _shown(_at(s))) out.push(_at(s));
      return out;
    },
  };
}
