// One conformance suite for every storage driver presence-kit ships (unstorage's testDriver habit):
// what the hub, KV and API keys rely on, checked the same way for each.
import type { Storage } from "unstorage";
import { afterEach, describe, expect, it } from "vitest";

/** How a suite makes a fresh, empty storage (and, for persistent drivers, reopens the same one). */
export interface StorageFixture {
  open(): Promise<Storage> | Storage;
  /** Removes what the fixture created (directories, databases). */
  cleanup?(): Promise<void> | void;
}

/** Capability flags: a driver that forgets on close skips the persistence checks. */
export interface StorageCapabilities {
  persistent: boolean;
}

/** Runs the storage contract against one driver. */
export function testStorage(
  name: string,
  make: () => StorageFixture,
  caps: StorageCapabilities,
  additionalTests?: (ctx: { open: () => Promise<Storage> }) => void,
): void {
  describe(`storage conformance: ${name}`, () => {
    const fixtures: StorageFixture[] = [];
    const opened: Storage[] = [];
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.dispose();
      for (const f of fixtures.splice(0)) await f.cleanup?.();
    });
    let current: StorageFixture | undefined;
    async function open(): Promise<Storage> {
      if (!current || !fixtures.includes(current)) fixtures.push((current = make()));
      const storage = await current.open();
      opened.push(storage);
      return storage;
    }

    it("stores, reads back, lists by prefix and removes JSON values", async () => {
      const s = await open();
      await s.setItem("users:1", { version: 3, state: { kv: { a: "1" } } });
      await s.setItem("users:2", { version: 1 });
      await s.setItem("keys:h", "1");
      expect(await s.getItem("users:1")).toEqual({ version: 3, state: { kv: { a: "1" } } });
      expect(await s.hasItem("users:2")).toBe(true);
      expect((await s.getKeys("users")).sort()).toEqual(["users:1", "users:2"]);
      await s.removeItem("users:2");
      expect(await s.hasItem("users:2")).toBe(false);
      expect(await s.getItem("users:2")).toBeNull();
      expect(await s.getKeys("users")).toEqual(["users:1"]);
    });

    it("keeps a value's characters exactly (emoji, CJK, quotes, 30,000 characters)", async () => {
      const s = await open();
      const value = { kv: { title: "夜に駆ける 🎧 \"quoted\" \u0000", long: "x".repeat(30_000) } };
      await s.setItem("users:3", value);
      expect(await s.getItem("users:3")).toEqual(value);
    });

    it("never shows a reader a half-written record while writes to it race", async () => {
      const s = await open();
      const big = (i: number) => ({ version: i, state: { kv: { pad: "p".repeat(500_000 + i) } } });
      await s.setItem("users:race", big(0));
      let writing = true;
      const writes = Promise.all(Array.from({ length: 30 }, (_, i) => s.setItem("users:race", big(i + 1))))
        .finally(() => (writing = false));
      const seen: unknown[] = [];
      // Readers poll while the writes are in flight; each must see some whole record.
      await Promise.all(Array.from({ length: 4 }, async () => {
        do seen.push(await s.getItem("users:race"));
        while (writing);
      }));
      await writes;
      const torn = seen.filter((r) => typeof (r as { version?: unknown } | null)?.version !== "number");
      expect(torn).toHaveLength(0);
      expect(await s.getKeys("users")).toEqual(["users:race"]);
    });

    it.skipIf(!caps.persistent)("keeps every acknowledged write for the next process", async () => {
      const first = await open();
      await Promise.all(Array.from({ length: 100 }, (_, i) => first.setItem(`kv:${i}`, { v: i })));
      await first.dispose();
      const second = await open();
      expect((await second.getKeys("kv")).length).toBe(100);
      expect(await second.getItem("kv:99")).toEqual({ v: 99 });
    });

    additionalTests?.({ open });
  });
}
