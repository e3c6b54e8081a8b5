// KV forwarding when Redis is lost while the gateway's answer is due: the api process answers 503
// then, not after its timeout (pub/sub is at most once: that answer would never come).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import type { KvStore } from "../kv/store.ts";
import { BusChannel } from "./bus.ts";
import { createForwardedKvStore, serveKvWrites } from "./kv-forward.ts";
import { createRedisBus } from "./redis.ts";

describe("forwarded KV writes over Redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.close());

  it("a write whose answer is due when Redis dies fails with 503 at once", async () => {
    const [gatewayBus, apiBus] = await Promise.all([1, 2].map(() => createRedisBus({ url: redis.url, log: () => {} })));
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    // The gateway's store takes the write and never answers (as when Redis dies under it).
    const stuck: KvStore = {
      get: () => ({}),
      put: () => (received(), new Promise<void>(() => {})),
      patch: async () => {},
      delete: async () => false,
    };
    const offServe = serveKvWrites(gatewayBus!, stuck);
    await gatewayBus!.settled();
    // A timeout far beyond the test's own: only the lost connection can end the wait.
    const kv = createForwardedKvStore(apiBus!, { get: () => ({ presence: { kv: {} } }) }, { timeoutMs: 600_000 });
    await apiBus!.settled();
    expect(await apiBus!.publish(BusChannel.kv, { probe: true })).toBe(1); // the gateway listens
    const write = kv.put("200000000000000001", "song", "Carry on").catch((error) => error);
    await arrived;
    await redis.kill();
    expect(await write).toMatchObject({ status: 503, data: { code: "service_unavailable" } });
    expect((await write).message).toMatch(/Redis connection lost/);
    kv.close();
    offServe();
    await Promise.all([gatewayBus!.close(), apiBus!.close()]);
  }, 15_000);
});
