// The hub link in one process, over the memory bus and one shared storage (as Redis would be).
import { afterEach, describe, expect, it } from "vitest";
import { createHub, type HubChange } from "../presence/hub.ts";
import type { RawPresence, RawUser } from "../presence/types.ts";
import { createStorage, storageView } from "../storage/index.ts";
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
    return { storage, node };
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
});
