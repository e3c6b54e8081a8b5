import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { createApiKeys } from "./api-keys.ts";

describe("createApiKeys", () => {
  it("issues pk_ + 32 hex keys that resolve to their owner, stored only as hashes", async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const keys = createApiKeys(storage);
    const key = await keys.issue("94490510688792576");
    expect(key).toMatch(/^pk_[0-9a-f]{32}$/);
    expect(await keys.resolve(key)).toBe("94490510688792576");
    const stored = JSON.stringify(await Promise.all((await storage.getKeys()).map((k) => storage.getItem(k))));
    expect(stored).not.toContain(key.slice(3));
  });

  it("a new key invalidates the previous one; unknown and empty keys resolve to nothing", async () => {
    const keys = createApiKeys(createStorage({ driver: memoryDriver() }));
    const first = await keys.issue("1");
    const second = await keys.issue("1");
    expect(second).not.toBe(first);
    expect(await keys.resolve(first)).toBeUndefined();
    expect(await keys.resolve(second)).toBe("1");
    for (const bad of [undefined, null, "", "pk_nope"]) expect(await keys.resolve(bad)).toBeUndefined();
  });

  it("revoke deletes the key and every record of it", async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const keys = createApiKeys(storage);
    const key = await keys.issue("94490510688792576");
    await keys.issue("2");
    await keys.revoke("94490510688792576");
    expect(await keys.resolve(key)).toBeUndefined();
    const stored = JSON.stringify(await Promise.all((await storage.getKeys()).map(async (k) => [k, await storage.getItem(k)])));
    expect(stored).not.toContain("94490510688792576");
    expect((await storage.getKeys()).length).toBe(2); // user 2's records stay
    await keys.revoke("3"); // a user without a key
  });

  it("concurrent rotations leave exactly one valid key", async () => {
    const keys = createApiKeys(createStorage({ driver: memoryDriver() }));
    const issued = await Promise.all(Array.from({ length: 10 }, () => keys.issue("7")));
    const valid = [];
    for (const key of issued) if ((await keys.resolve(key)) === "7") valid.push(key);
    expect(valid).toEqual([issued.at(-1)]);
  });
});
