import type { Storage } from "unstorage";
import type { KvStore } from "../kv/store.ts";
import type { Hub } from "../presence/hub.ts";
import type { PresenceSource } from "../source/source.ts";
import { isRedisConnected } from "../storage/redis.ts";
import type { Bus } from "./bus.ts";
import { createFollowerSource, publishGatewayStatus } from "./gateway-status.ts";
import { linkHub } from "./hub-link.ts";
import { createForwardedKvStore, serveKvWrites } from "./kv-forward.ts";
import { createRedisBus } from "./redis.ts";

/** This process's place among the others, as `/health` shows it. */
export interface ClusterStatus {
  role: "all" | "gateway" | "api";
  bus: "connected" | "disconnected";
  storage: "connected" | "disconnected";
  /** api: milliseconds since the gateway's last heartbeat (`null`: none yet). */
  gateway_heartbeat_age_ms?: number | null;
}

/** A process joined to the others over Redis. */
export interface Cluster {
  bus: Bus;
  status(): ClusterStatus;
  /** Unlinks the hub and closes the bus connections (after the hub is flushed). */
  close(): Promise<void>;
}

/** What {@link joinAsWriter} and {@link joinAsReader} need. */
export interface ClusterOptions {
  url: string;
  hub: Hub;
  /** The whole storage (for its connection state) and the hub's `users` view. */
  storage: Storage;
  users: Storage;
  log?: (message: string) => void;
}

/**
 * A process that changes the hub (`ROLE=gateway`, or `ROLE=all` over Redis): publishes every
 * change and a heartbeat, and runs the KV writes api processes forward.
 * @see README.md#scaling-out-with-redis
 */
export async function joinAsWriter(
  options: ClusterOptions & { role: "all" | "gateway"; source: PresenceSource; kv: KvStore },
): Promise<Cluster> {
  const { url, hub, storage, users, log, role, source, kv } = options;
  const bus = await createRedisBus({ url, log });
  const offs = [
    linkHub({ hub, bus, storage: users, mode: "writer" }).close,
    serveKvWrites(bus, kv),
    publishGatewayStatus(bus, source),
  ];
  await bus.settled();
  return _cluster(bus, storage, () => ({ role }), offs);
}

/**
 * An api process: follows the writers' changes into its hub (caught up from storage first), reads
 * the gateway's heartbeat as its source, forwards KV writes.
 * @see README.md#scaling-out-with-redis
 */
export async function joinAsReader(
  options: ClusterOptions,
): Promise<Cluster & { source: ReturnType<typeof createFollowerSource>; kv: KvStore }> {
  const { url, hub, storage, users, log } = options;
  const bus = await createRedisBus({ url, log });
  const link = linkHub({ hub, bus, storage: users, mode: "reader" });
  const source = createFollowerSource(bus);
  const kv = createForwardedKvStore(bus, hub);
  await link.ready;
  const status = () => ({ role: "api" as const, gateway_heartbeat_age_ms: source.heartbeatAge() });
  return { ..._cluster(bus, storage, status, [link.close, kv.close, () => void source.stop()]), source, kv };
}

// --- internal ---

function _cluster(
  bus: Bus,
  storage: Storage,
  more: () => Pick<ClusterStatus, "role" | "gateway_heartbeat_age_ms">,
  offs: Array<() => void>,
): Cluster {
  return {
    bus,
    status: () => ({
      ...more(),
      bus: bus.connected ? "connected" : "disconnected",
      storage: isRedisConnected(storage) === false ? "disconnected" : "connected",
    }),
    async close() {
      for (const off of offs.splice(0)) off();
      await bus.close();
    },
  };
}
