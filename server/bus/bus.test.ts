import { afterAll, expect, it } from "vitest";
import { testBus } from "../_test/bus.ts";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import { createMemoryBus, createMemoryNetwork } from "./memory.ts";
import { createRedisBus } from "./redis.ts";

testBus("memory", () => {
  const network = createMemoryNetwork();
  return { open: () => createMemoryBus(network) };
});

let redis: RedisServer | undefined;
afterAll(() => redis?.close());
testBus("redis", () => ({
  async open() {
    redis ??= await startRedis();
    return createRedisBus({ url: redis.url, log: () => {} });
  },
}), ({ open }) => {
  it("rejects publishes while Redis is away, then re-subscribes and runs onReady when it is back", async () => {
    const [pub, sub] = [await open(), await open()];
    const heard: unknown[] = [];
    sub.subscribe("t:outage", (m) => heard.push(m));
    await sub.settled();
    const back = Promise.all([pub, sub].map((b) => new Promise<void>((resolve) => b.onReady(resolve))));
    await redis!.stop();
    await expect(pub.publish("t:outage", { n: 1 })).rejects.toThrow();
    await redis!.restart();
    await back;
    expect(sub.connected && pub.connected).toBe(true);
    const next = new Promise<unknown>((resolve) => sub.subscribe("t:outage", resolve));
    expect(await pub.publish("t:outage", { n: 2 })).toBe(1);
    expect(await next).toEqual({ n: 2 });
    expect(heard).toEqual([{ n: 2 }]);
  });

  it("fails to start with one line naming STORAGE when Redis is unreachable", async () => {
    const url = `redis://127.0.0.1:${redis!.port + 1}`;
    await expect(createRedisBus({ url, log: () => {} })).rejects.toThrow(/^STORAGE=redis:\/\/127\.0\.0\.1:\d+: the Redis bus cannot connect/);
  });
});
