// The hub's public contract: changes, records, snapshots and the Hub interface itself.
import type { Storage } from "unstorage";
import type { KvDelta } from "./kv-delta.ts";
import type { BuildOptions, CanonicalPresence, RawPresence, RawUser, UserState } from "./types.ts";

/** What changed for one user: a new presence, or `null` when the user is no longer monitored. */
export interface HubChange {
  userId: string;
  /** Per-user version, +1 on every change, continued across restarts. */
  version: number;
  presence: CanonicalPresence | null;
  /** Per-transport encodings of this change, so a message is encoded once for all subscribers. */
  memo: Map<string, unknown>;
  /** The KV pairs this change set and removed; absent when it left the KV as it was. */
  kv?: KvDelta;
}

/** A diff to apply to a user's state. Omitted fields are kept. */
export interface StateDiff {
  /** A full user object replaces the stored one; a partial `{ id }` (as in PRESENCE_UPDATE) is ignored. */
  user?: RawUser;
  /** `null` means "no presence on record" (offline). */
  presence?: RawPresence | null;
  kv?: Record<string, string>;
}

/** What is persisted per user: the builder's inputs, not its output, plus the version. */
export interface HubRecord {
  state: UserState;
  version: number;
  monitored: boolean;
}

/** One monitored user as the hub serves it. */
export interface Snapshot {
  version: number;
  presence: CanonicalPresence;
}

export type HubListener = (change: HubChange) => void;

/** The single write path: every change goes build → store → notify. */
export interface Hub {
  /** Loads persisted state (versions, KV, last_seen). Users are served again once a source syncs them. */
  start(): Promise<void>;
  get(userId: string): Snapshot | undefined;
  /**
   * The version {@link Hub.get} would answer, without building the presence: for caches of
   * encoded views, checked on every request. `undefined` for a user who is not monitored.
   */
  version(userId: string): number | undefined;
  has(userId: string): boolean;
  /** Ids of every monitored user. */
  ids(): IterableIterator<string>;
  readonly size: number;
  /**
   * Applies `diff`, rebuilds and notifies at once; the state reaches storage written behind
   * (coalesced per user, within `flushDelayMs`). The path of gateway events.
   */
  sync(userId: string, diff: StateDiff): HubChange;
  /**
   * Whether the user is monitored and `diff` would change nothing of their state: a source may
   * skip such a write (a member list repeating what is known).
   */
  holds(userId: string, diff: StateDiff): boolean;
  /**
   * Like {@link Hub.sync}, but stores the new state first and notifies once it is stored: the
   * path of writes that are acknowledged to a client (KV). A user who is not monitored is stored
   * but not served again (the change's presence is `null` and nobody is notified).
   */
  commit(userId: string, diff: StateDiff): Promise<HubChange>;
  /**
   * Stops serving a user (left every guild). KV and last_seen are kept for when they come back;
   * `scrub` also drops the stored presence (a user who withdrew consent).
   */
  remove(userId: string, options?: { scrub?: boolean }): Promise<HubChange | undefined>;
  /**
   * Deletes everything about a user: subscribers are told they are gone, storage holds no record
   * of them. Resolves with the last version they had (`undefined`: never seen) once deleted.
   * @see README.md#privacy-and-consent
   */
  forget(userId: string): Promise<number | undefined>;
  /** Subscribes to some users, or to every user (`"all"`, which includes users who appear later). */
  subscribe(target: "all" | Iterable<string>, listener: HubListener): () => void;
  /** Writes every pending change to storage. */
  flush(): Promise<void>;
  /** A user's record as stored (and as sent to other processes), or `undefined` if never seen. */
  record(userId: string): HubRecord | undefined;
  /**
   * Applies a record written by another process (over the bus, or reloaded from storage) when it
   * is newer than what this hub has: subscribers are notified as for a local change, nothing is
   * stored. An older or equal version is ignored (`undefined`).
   */
  apply(userId: string, record: HubRecord): HubChange | undefined;
  close(): Promise<void>;
}

/** Options of {@link createHub}. */
export interface HubOptions {
  /** Storage for user records (a prefixed view is fine). */
  storage: Storage;
  build?: BuildOptions;
  /** Clock, injectable for tests. @default Date.now */
  now?: () => number;
  /** Longest delay before a write-behind change reaches storage. @default 1000 */
  flushDelayMs?: number;
}
