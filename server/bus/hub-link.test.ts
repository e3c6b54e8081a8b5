// The hub link in one process, over the memory bus and one shared storage (as Redis would be).
import { afterEach, describe, expect, it } from "vitest";
import { createHub, type HubChange } from "../presence/hub.ts";
import type { RawPresence, RawUser } from "../presence/types.ts";
import { createKvStore } from "../kv/store.ts";
import { createStorage, storageView } from "../storage/index.ts";
import { BusChannel } from "./bus.ts";
import { linkHub } from "./hub-link.ts";
import { createMemoryBus, createMemoryNetwork } from "./memory.ts";

const alice: RawUser = { id: "94490510688792576", username: "alice", discriminator: "0", global_name: "Alice" };
const playing = (details: string): RawPresence => ({
  status: "online",
  activities: [{ name: "Visual Studio Code", type: 0, details }],
  client_status: { desktop: "online" },
});

describe("hub link (memory bus)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  function setup(flushDelayMs = 60_000) {
    const storage = storageView(createStorage({ driver: "memory" }), "users");
    const network = createMemoryNetwork();
    const node = (mode: "writer" | "reader") => {
      const hub = createHub({ storage, flushDelayMs });
      const bus = createMemoryBus(network);
      const link = linkHub({ hub, bus, storage, mode });
      cleanups.push(() => bus.close(), () => link.close(), () => hub.close());
      return { hub, bus, link };
    };
    /** Every message on `pk:changes`, as a third process would receive it. */
    const wire = () => {
      const bus = createMemoryBus(network);
      const seen: Array<{ message: any; bytes: number }> = [];
      bus.subscribe(BusChannel.changes, (message) => seen.push({ message, bytes: JSON.stringify(message).length }));
      cleanups.push(() => bus.close());
      return seen;
    };
    return { storage, node, wire };
  }
  const nextChange = (hub: ReturnType<typeof createHub>) =>
    new Promise<HubChange>((resolve) => {
      const off = hub.subscribe("all", (c) => (off(), resolve(c)));
    });

  it("applies a writer's change on a reader with the same version and presence, without storing it", async () => {
    const { node, storage } = setup();
    const writer = node("writer");
    const reader = node("reader");
    await reader.link.ready;
    const next = nextChange(reader.hub);
    const change = writer.hub.sync(alice.id, { user: alice, presence: playing("a.ts") });
    const remote = await next;
    expect(remote.version).toBe(change.version);
    expect(remote.presence).toEqual(change.presence);
    expect(reader.hub.get(alice.id)).toEqual(writer.hub.get(alice.id));
    await reader.hub.flush();
    expect(await storage.getKeys()).toEqual([]); // only the writer stores (write-behind, not yet)
  });

  it("ignores an older or equal version, applies a newer one after a gap, follows a removal", async () => {
    const { node } = setup();
    const writer = node("writer");
    const reader = node("reader");
    await reader.link.ready;
    const seen: HubChange[] = [];
    const both = new Promise<void>((resolve) => reader.hub.subscribe("all", (c) => seen.push(c) === 2 && resolve()));
    writer.hub.sync(alice.id, { user: alice, presence: playing("a.ts") });
    const stale = writer.hub.record(alice.id)!;
    writer.hub.sync(alice.id, { presence: playing("b.ts") });
    await both;
    expect(reader.hub.apply(alice.id, stale)).toBeUndefined();
    expect(reader.hub.apply(alice.id, writer.hub.record(alice.id)!)).toBeUndefined();
    const ahead = { ...writer.hub.record(alice.id)!, version: 10 };
    expect(reader.hub.apply(alice.id, ahead)?.version).toBe(10);
    expect(reader.hub.get(alice.id)?.presence.activities[0].details).toBe("b.ts");
    expect(reader.hub.apply(alice.id, { ...ahead, version: 11, monitored: false })?.presence).toBeNull();
    expect(reader.hub.has(alice.id)).toBe(false);
    expect(seen.map((c) => c.version)).toEqual([1, 2, 10, 11]);
  });

  it("a reader that missed changes catches up: it asks, the writer flushes, the reader reloads", async () => {
    const { node } = setup();
    const writer = node("writer");
    // Nobody listens yet: this change goes nowhere on the bus and is not flushed (60 s delay).
    writer.hub.sync(alice.id, { user: alice, presence: playing("missed.ts") });
    const reader = node("reader");
    const caughtUp = nextChange(reader.hub);
    await reader.link.ready;
    const change = await caughtUp;
    expect(change.version).toBe(1);
    expect(change.presence?.activities[0].details).toBe("missed.ts");
  });

  it("catches up when the writer's storage comes back after its bus: the writer retries the flush, then says so", async () => {
    const shared = storageView(createStorage({ driver: "memory" }), "users");
    let down = true;
    // The writer's storage fails while "Redis" is away; the reader reads the same data.
    const failing = { ...shared, setItems: (items: Parameters<typeof shared.setItems>[0]) => (down ? Promise.reject(new Error("storage away")) : shared.setItems(items)) };
    const network = createMemoryNetwork();
    const writerHub = createHub({ storage: failing, flushDelayMs: 60_000 });
    const writerBus = createMemoryBus(network);
    const writerLink = linkHub({ hub: writerHub, bus: writerBus, storage: failing, mode: "writer", logError: () => {} });
    cleanups.push(() => writerBus.close(), () => writerLink.close(), () => writerHub.close());
    writerHub.sync(alice.id, { user: alice, presence: playing("during-outage.ts") });
    const readerHub = createHub({ storage: shared, flushDelayMs: 60_000 });
    const readerBus = createMemoryBus(network);
    const readerLink = linkHub({ hub: readerHub, bus: readerBus, storage: shared, mode: "reader", logError: () => {} });
    cleanups.push(() => readerBus.close(), () => readerLink.close(), () => readerHub.close());
    const caughtUp = nextChange(readerHub);
    // The reader asks; the writer's flush fails (storage away) and the reader finds nothing.
    await readerLink.ready;
    expect(readerHub.has(alice.id)).toBe(false);
    down = false;
    const change = await caughtUp;
    expect(change.presence?.activities[0].details).toBe("during-outage.ts");
  });

  it("a reload asked for during another resolves only after a load that began after it", async () => {
    const shared = storageView(createStorage({ driver: "memory" }), "users");
    // Keys are read, then held at the gate: a load under way has already decided what it reads.
    let gate: Promise<void> | undefined;
    const gated = { ...shared, getKeys: async (base?: string) => { const keys = await shared.getKeys(base); await gate; return keys; } };
    const network = createMemoryNetwork();
    const hub = createHub({ storage: gated, flushDelayMs: 60_000 });
    const bus = createMemoryBus(network);
    const link = linkHub({ hub, bus, storage: gated, mode: "reader", logError: () => {} });
    cleanups.push(() => bus.close(), () => link.close(), () => hub.close());
    await link.ready;
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const first = link.reload(); // reads no keys, then waits
    // A writer stores alice while that load waits (this one is not on the bus).
    const elsewhere = createHub({ storage: shared, flushDelayMs: 60_000 });
    cleanups.push(() => elsewhere.close());
    elsewhere.sync(alice.id, { user: alice, presence: playing("stored.ts") });
    await elsewhere.flush();
    const second = link.reload();
    let hadAlice: boolean | undefined;
    const observed = second.then(() => (hadAlice = hub.has(alice.id)));
    release();
    await Promise.all([first, observed]);
    expect(hadAlice).toBe(true);
  });

  it("a KV write travels as a delta (the changed pairs), not the whole record", async () => {
    const { node, wire } = setup();
    const writer = node("writer");
    const reader = node("reader");
    await reader.link.ready;
    const seen = wire();
    const kv = createKvStore(writer.hub);
    writer.hub.sync(alice.id, { user: alice, presence: playing("a.ts") });
    const value = "x".repeat(10_000);
    for (let i = 0; i < 40; i++) await kv.put(alice.id, `k${i}`, value); // a 400 KB record
    await kv.delete(alice.id, "k0");
    const last = nextChange(reader.hub);
    await kv.put(alice.id, "song", "Carry on");
    await last;
    const put = seen.at(-1)!;
    expect(put.message.k).toEqual({ set: { song: "Carry on" }, del: [] });
    expect(put.message.s.kv).toBeUndefined();
    expect(put.bytes).toBeLessThan(1000);
    expect(seen.at(-2)!.message.k).toEqual({ set: {}, del: ["k0"] });
    // Each 10 KB write cost about 10 KB on the wire, however large the record already was.
    expect(Math.max(...seen.map((m) => m.bytes))).toBeLessThan(value.length + 1000);
    expect(reader.hub.get(alice.id)).toEqual(writer.hub.get(alice.id));
    expect(Object.keys(reader.hub.get(alice.id)!.presence.kv)).toHaveLength(40);
  });

  it("after a gap the reader reads the user's record from storage, then follows deltas again", async () => {
    const { node, wire } = setup();
    const writer = node("writer");
    const reader = node("reader");
    await reader.link.ready;
    const seen = wire();
    const kv = createKvStore(writer.hub);
    writer.hub.sync(alice.id, { user: alice, presence: playing("a.ts") });
    await kv.put(alice.id, "a", "1");
    await writer.hub.remove(alice.id);
    // Not monitored: stored, but nobody is told (version 4 is never published).
    await writer.hub.commit(alice.id, { kv: { a: "1", b: "2" } });
    const back = nextChange(reader.hub);
    writer.hub.sync(alice.id, { user: alice, presence: playing("back.ts") });
    expect((await back).version).toBe(5);
    expect(seen.map((m) => m.message.v)).toEqual([1, 2, 3, 5]);
    expect(reader.hub.get(alice.id)).toEqual(writer.hub.get(alice.id));
    expect(reader.hub.get(alice.id)!.presence.kv).toEqual({ a: "1", b: "2" });
    const next = nextChange(reader.hub);
    await kv.put(alice.id, "c", "3");
    expect((await next).presence?.kv).toEqual({ a: "1", b: "2", c: "3" });
  });
});
