import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../_test/harness-fs.ts";
import { createStorage, storageView } from "../storage/index.ts";
import { createHub, type HubChange } from "./hub.ts";
import type { RawPresence, RawUser } from "./types.ts";
import { logger } from "../log/logger.ts";

const alice: RawUser = { id: "94490510688792576", username: "alice", discriminator: "0", global_name: "Alice" };
const online: RawPresence = { status: "online", activities: [], client_status: { desktop: "online" } };
const offline: RawPresence = { status: "offline", activities: [], client_status: {} };

// The hub runs over every storage driver it ships with: one suite, two implementations.
const drivers = {
  memory: () => ({ storage: createStorage({ driver: "memory" }), cleanup: () => {} }),
  fs: () => {
    const dir = tempDir();
    return { storage: createStorage({ driver: "fs", base: dir.path }), cleanup: dir.remove };
  },
};

describe.each(Object.entries(drivers))("hub over %s storage", (_name, make) => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  function setup(now = () => 1_000) {
    const { storage, cleanup } = make();
    cleanups.push(cleanup);
    const hub = createHub({ storage: storageView(storage, "users"), now, flushDelayMs: 5 });
    cleanups.push(() => hub.close());
    return { hub, storage };
  }

  it("builds, versions and notifies on every sync", async () => {
    const { hub } = setup();
    await hub.start();
    const seen: HubChange[] = [];
    hub.subscribe("all", (c) => seen.push(c));
    await hub.sync(alice.id, { user: alice, presence: null });
    await hub.sync(alice.id, { presence: online });
    expect(seen.map((c) => c.version)).toEqual([1, 2]);
    expect(hub.version(alice.id)).toBe(2);
    expect(hub.version("80351110224678912")).toBeUndefined();
    expect(hub.get(alice.id)?.presence.discord_status).toBe("online");
    expect(hub.get(alice.id)?.presence.user.display_name).toBe("Alice");
    expect(hub.has(alice.id)).toBe(true);
    expect([...hub.ids()]).toEqual([alice.id]);
  });

  it("ignores a partial user ({ id } only) and keeps the full one", async () => {
    const { hub } = setup();
    await hub.sync(alice.id, { user: alice });
    await hub.sync(alice.id, { user: { id: alice.id }, presence: online });
    expect(hub.get(alice.id)?.presence.discord_user.username).toBe("alice");
  });

  it("delivers to id subscribers only their users, and stops after unsubscribe", async () => {
    const { hub } = setup();
    const mine: string[] = [];
    const off = hub.subscribe([alice.id, alice.id], (c) => mine.push(c.userId));
    await hub.sync(alice.id, { user: alice });
    await hub.sync("1100000000000000002", { user: { id: "1100000000000000002", username: "bob" } });
    off();
    await hub.sync(alice.id, { presence: online });
    expect(mine).toEqual([alice.id]);
  });

  it("keeps delivering when one subscriber throws", async () => {
    const { hub } = setup();
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    try {
      hub.subscribe("all", () => {
        throw new Error("broken subscriber");
      });
      const got: number[] = [];
      hub.subscribe("all", (c) => got.push(c.version));
      await hub.sync(alice.id, { user: alice });
      expect(got).toEqual([1]);
      expect(errors).toHaveBeenCalledOnce();
    } finally {
      errors.mockRestore();
    }
  });

  it("removes a user with a null change and stops serving them", async () => {
    const { hub } = setup();
    await hub.sync(alice.id, { user: alice, presence: online });
    const seen: HubChange[] = [];
    hub.subscribe([alice.id], (c) => seen.push(c));
    const change = await hub.remove(alice.id);
    expect(change?.presence).toBeNull();
    expect(change?.version).toBe(2);
    expect(hub.get(alice.id)).toBeUndefined();
    expect(hub.version(alice.id)).toBeUndefined();
    expect(hub.size).toBe(0);
    expect(await hub.remove(alice.id)).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it("tracks last_seen: set while online, kept at the moment of going offline", async () => {
    let t = 1_000;
    const { hub } = setup(() => t);
    await hub.sync(alice.id, { user: alice, presence: null });
    expect(hub.get(alice.id)?.presence.last_seen).toBeNull();
    t = 2_000;
    await hub.sync(alice.id, { presence: online });
    expect(hub.get(alice.id)?.presence.last_seen).toBe(2_000);
    t = 3_000;
    await hub.sync(alice.id, { presence: offline });
    expect(hub.get(alice.id)?.presence.last_seen).toBe(3_000);
    t = 4_000;
    await hub.sync(alice.id, { presence: offline });
    await hub.sync(alice.id, { kv: { a: "b" } });
    expect(hub.get(alice.id)?.presence.last_seen).toBe(3_000);
  });

  it("persists state so versions, KV and last_seen survive a restart, serving nobody until synced", async () => {
    let t = 5_000;
    const { storage, cleanup } = make();
    cleanups.push(cleanup);
    const first = createHub({ storage: storageView(storage, "users"), now: () => t, flushDelayMs: 5 });
    await first.sync(alice.id, { user: alice, presence: online });
    await first.commit(alice.id, { kv: { city: "Lyon" } });
    t = 6_000;
    await first.sync(alice.id, { presence: offline });
    await first.close();

    const second = createHub({ storage: storageView(storage, "users"), now: () => 9_000, flushDelayMs: 5 });
    cleanups.push(() => second.close());
    await second.start();
    expect(second.get(alice.id)).toBeUndefined();
    const change = await second.sync(alice.id, { user: alice, presence: null });
    expect(change.version).toBe(4);
    expect(change.presence?.kv).toEqual({ city: "Lyon" });
    expect(change.presence?.last_seen).toBe(6_000);
  });

  it("a commit is in storage when it resolves, and notifies only then", async () => {
    const { hub, storage } = setup();
    const view = storageView(storage, "users");
    const atNotify: Array<Promise<any>> = [];
    hub.sync(alice.id, { user: alice });
    hub.subscribe("all", (c) => atNotify.push(view.getItem(c.userId)));
    await hub.commit(alice.id, { kv: { k: "v" } });
    const record = await view.getItem<any>(alice.id);
    expect(record.state.kv).toEqual({ k: "v" });
    expect(record.version).toBe(2);
    expect((await atNotify[0]).version).toBe(2);
  });

  it("keeps versions in order for subscribers when a gateway event lands during a commit", async () => {
    const { hub } = setup();
    hub.sync(alice.id, { user: alice, presence: null });
    const versions: number[] = [];
    hub.subscribe([alice.id], (c) => versions.push(c.version));
    const committing = hub.commit(alice.id, { kv: { k: "v" } });
    hub.sync(alice.id, { presence: online });
    const committed = await committing;
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(committed.presence!.kv).toEqual({ k: "v" });
    expect(hub.get(alice.id)!.presence.discord_status).toBe("online");
  });

  it("never lets a write-behind flush in flight overwrite a later commit", async () => {
    const { hub, storage } = setup();
    const view = storageView(storage, "users");
    hub.sync(alice.id, { user: alice, kv: { k: "old" } });
    const flushing = hub.flush(); // takes the old state
    await hub.commit(alice.id, { kv: { k: "new" } });
    await flushing;
    expect((await view.getItem<any>(alice.id)).state.kv).toEqual({ k: "new" });
  });

  it("stores a commit for a user who is not monitored without serving them", async () => {
    const { hub } = setup();
    hub.sync(alice.id, { user: alice });
    await hub.remove(alice.id);
    const seen: number[] = [];
    hub.subscribe("all", (c) => seen.push(c.version));
    const change = await hub.commit(alice.id, { kv: { k: "v" } });
    expect(change.presence).toBeNull();
    expect(hub.has(alice.id)).toBe(false);
    expect(seen).toEqual([]);
    const back = hub.sync(alice.id, { user: alice });
    expect(back.presence!.kv).toEqual({ k: "v" });
  });

  it("reuses the normalised user while the raw user object is unchanged", async () => {
    const { hub } = setup();
    const a = hub.sync(alice.id, { user: alice, presence: null });
    const b = hub.sync(alice.id, { presence: online });
    expect(b.presence!.user).toBe(a.presence!.user);
    const c = hub.sync(alice.id, { user: { ...alice, global_name: "Alicia" } });
    expect(c.presence!.user.display_name).toBe("Alicia");
  });
});
