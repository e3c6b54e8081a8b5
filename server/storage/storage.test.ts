import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "../_test/harness-fs.ts";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import { testStorage } from "../_test/storage.ts";
import { createStorage, openStorage } from "./index.ts";

testStorage("memory", () => {
  const storage = createStorage({ driver: "memory" });
  return { open: () => storage };
}, { persistent: false });

let dir = "";
testStorage("fs", () => {
  const d = tempDir();
  dir = d.path;
  return { open: () => createStorage({ driver: "fs", base: d.path }), cleanup: d.remove };
}, { persistent: true }, ({ open }) => {
  it("writes through a temporary file and leaves none behind", async () => {
    const s = await open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.setItem("users:1", { i })));
    expect(readdirSync(join(dir, "users"))).toEqual(["1"]);
  });

  it("does not list a temporary file left by a crash between write and rename", async () => {
    const s = await open();
    await s.setItem("users:1", { ok: true });
    writeFileSync(join(dir, "users", ".1.999.1.pk-tmp"), "{\"trunc");
    expect(await s.getKeys("users")).toEqual(["users:1"]);
  });

  it("refuses keys that would climb out of the base directory", async () => {
    const s = await open();
    await expect(s.setItem("users:..:..:etc", "x")).rejects.toThrow(/Invalid key/);
  });
});

let redis: RedisServer | undefined;
afterAll(() => redis?.close());
testStorage("redis", () => ({
  async open() {
    redis ??= await startRedis();
    return openStorage({ driver: "redis", url: redis.url }, () => {});
  },
  async cleanup() {
    const s = await openStorage({ driver: "redis", url: redis!.url }, () => {});
    await s.clear();
    await s.dispose();
  },
}), { persistent: true }, ({ open }) => {
  it("keeps acknowledged writes across a Redis restart; answers 503 while it is away, then reconnects", async () => {
    const s = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.setItem(`kv:${i}`, { v: i })));
    await redis!.stop();
    await expect(s.getItem("kv:49")).rejects.toMatchObject({ status: 503 });
    await redis!.restart();
    // No event tells a caller that the client reconnected: retry, bounded.
    const deadline = Date.now() + 5000;
    let value: unknown;
    while (!(value = await s.getItem("kv:49").catch(() => undefined)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(value).toEqual({ v: 49 });
    expect((await s.getKeys("kv")).length).toBe(50);
  });

  it("refuses to start with one line naming STORAGE when Redis is unreachable", async () => {
    const url = `redis://127.0.0.1:${redis!.port + 1}`;
    await expect(openStorage({ driver: "redis", url }, () => {})).rejects.toThrow(
      new RegExp(`^STORAGE=${url}: Redis is not reachable \\(.*ECONNREFUSED`),
    );
  });
});
