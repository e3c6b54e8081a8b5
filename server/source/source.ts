import type { RawPresence, RawUser } from "../presence/types.ts";

/** Where a presence source writes: the hub implements this. */
export interface PresenceSink {
  sync(userId: string, diff: { user?: RawUser; presence?: RawPresence | null }): unknown;
  remove(userId: string): unknown;
  /** Whether a write would change nothing (the hub's `holds`); member lists skip those. */
  holds?(userId: string, diff: { user?: RawUser; presence?: RawPresence | null }): boolean;
}

/** Connection state of a source, as `/health` reports it. */
export const SourceState = {
  idle: "idle",
  connecting: "connecting",
  ready: "ready",
  reconnecting: "reconnecting",
  failed: "failed",
  stopped: "stopped",
} as const;
export type SourceState = (typeof SourceState)[keyof typeof SourceState];

export interface SourceStatus {
  state: SourceState;
  /** Milliseconds since the epoch of the last state change. */
  since: number;
  /** Why the source failed, in one line, when `state` is `failed`. */
  error?: string;
  guilds: number;
  /** Users who are members of at least one guild. */
  members: number;
  /** Gateway round trip of the last heartbeat, -1 when unknown. */
  ping: number;
  /** Each gateway shard this process runs, when the source has shards. */
  shards?: Array<{ id: number; state: ShardState }>;
}

/** The states a single gateway shard reports (a subset of {@link SourceState}). */
export type ShardState = Extract<SourceState, "connecting" | "ready" | "reconnecting" | "failed">;

/**
 * A source of presences (the Discord Gateway through discord.js, or a replay). Implementations are
 * checked by the shared conformance suite in `server/_test/presence-source.ts`.
 */
export interface PresenceSource {
  readonly name: string;
  /** Starts writing into `sink`. Resolves once connecting has begun; failures show in `status()`. */
  start(sink: PresenceSink): Promise<void>;
  stop(): Promise<void>;
  status(): SourceStatus;
  /** Resolves when the source is ready (or rejects when it fails). */
  ready(): Promise<void>;
}
