// Durable acknowledgements with STORAGE=fs: a KV write resolves (and its route answers 204) only
// after the file and then its directory are fsynced; a failed fsync is no acknowledgement; a
// temporary file left by a crash is removed at start.
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { createStorage } from "unstorage";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../_test/harness-fs.ts";
import { createKvStore } from "../kv/store.ts";
import { createHub } from "../presence/hub.ts";
import { fsAtomicDriver } from "./fs-atomic.ts";
import { openStorage, storageView } from "./index.ts";

const alice = "200000000000000001";

describe("fs storage: fsync before the acknowledgement", () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  /** A hub and KV store over fs-atomic with `sync` injected; alice is monitored. */
  async function open(sync: (handle: FileHandle, kind: "file" | "directory") => Promise<void>) {
    const dir = tempDir();
    dirs.push(dir);
    const storage = createStorage({ driver: fsAtomicDriver({ base: dir.path, sync }) });
    const hub = createHub({ storage: storageView(storage, "users"), flushDelayMs: 60_000 });
    await hub.start();
    hub.sync(alice, { user: { id: alice, username: "alice" }, presence: null });
    return { dir: dir.path, hub, kv: createKvStore(hub), file: join(dir.path, "users", alice) };
  }

  it("syncs the file, then the directory, before a KV write resolves", async () => {
    const calls: string[] = [];
    const { kv, file } = await open(async (handle, kind) => {
      calls.push(kind);
      await handle.sync();
    });
    await kv.put(alice, "song", "Carry on");
    expect(calls).toEqual(["file", "directory"]);
    expect(JSON.parse(readFileSync(file, "utf8")).state.kv).toEqual({ song: "Carry on" });
  });

  it("a batch (the write-behind) syncs every file and each directory once", async () => {
    const calls: string[] = [];
    const dir = tempDir();
    dirs.push(dir);
    const storage = createStorage({
      driver: fsAtomicDriver({ base: dir.path, sync: async (h, kind) => void (calls.push(kind), await h.sync()) }),
    });
    await storage.setItems([1, 2, 3].map((i) => ({ key: `users:${i}`, value: { i } })).concat({ key: "keys:a", value: { i: 4 } }));
    expect(calls.sort()).toEqual(["directory", "directory", "file", "file", "file", "file"]);
    expect(await storage.getItem("users:2")).toEqual({ i: 2 });
  });

  for (const failing of ["file", "directory"] as const) {
    it(`a failed ${failing} fsync is no acknowledgement: 503, nothing applied, no temporary file`, async () => {
      let fail = false;
      const { hub, kv, file, dir } = await open(async (handle, kind) => {
        if (fail && kind === failing) throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
        await handle.sync();
      });
      await kv.put(alice, "song", "one");
      fail = true;
      const error = await kv.put(alice, "song", "two").catch((e) => e);
      expect(error).toMatchObject({ status: 503, data: { code: "service_unavailable" } });
      expect(hub.get(alice)!.presence.kv).toEqual({ song: "one" });
      expect(readdirSync(join(dir, "users"))).toEqual([alice]);
      // A failed file sync never reaches the rename; a failed directory sync may have renamed.
      if (failing === "file") expect(JSON.parse(readFileSync(file, "utf8")).state.kv).toEqual({ song: "one" });
    });
  }
});

describe("fs storage: start-up", () => {
  it("removes temporary files a crash left, and nothing else", async () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir.path, "users"), { recursive: true });
      writeFileSync(join(dir.path, "users", alice), "{}");
      writeFileSync(join(dir.path, "users", `.${alice}.4242.7.pk-tmp`), "{\"trunc");
      writeFileSync(join(dir.path, `.top.4242.8.pk-tmp`), "");
      const storage = await openStorage({ driver: "fs", base: dir.path });
      expect(existsSync(join(dir.path, "users", `.${alice}.4242.7.pk-tmp`))).toBe(false);
      expect(existsSync(join(dir.path, `.top.4242.8.pk-tmp`))).toBe(false);
      expect(await storage.getKeys()).toEqual([`users:${alice}`]);
      await storage.dispose();
      // A directory that does not exist yet is fine (first start).
      await (await openStorage({ driver: "fs", base: join(dir.path, "fresh") })).dispose();
    } finally {
      dir.remove();
    }
  });
});
