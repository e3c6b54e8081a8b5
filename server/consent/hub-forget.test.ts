// The hub's two consent operations: `remove` with `scrub`, and `forget`, which a reader hub (an
// api process) follows through the record it is sent, like any change.
import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { createHub, type HubChange } from "../presence/hub.ts";
import { storageView } from "../storage/index.ts";

const ann = { id: "500000000000000001", username: "ann", discriminator: "0" };
const online = { status: "online" as const, activities: [], client_status: { web: "online" as const } };

function hubs() {
  const storage = createStorage({ driver: memoryDriver() });
  const writer = createHub({ storage: storageView(storage, "users"), flushDelayMs: 5 });
  const reader = createHub({ storage: createStorage({ driver: memoryDriver() }) });
  // What the bus link does: every change goes out as the whole record.
  writer.subscribe("all", (c) => void reader.apply(c.userId, writer.record(c.userId)!));
  return { storage, writer, reader };
}

describe("hub: remove with scrub, forget", () => {
  it("remove({ scrub }) stops serving and stores no presence; KV and last_seen stay", async () => {
    const { storage, writer } = hubs();
    writer.sync(ann.id, { user: ann, presence: online });
    await writer.commit(ann.id, { kv: { a: "1" } });
    await writer.remove(ann.id, { scrub: true });
    await writer.flush();
    const stored = await storage.getItem<any>(`users:${ann.id}`);
    expect(stored).toMatchObject({ monitored: false, state: { presence: null, kv: { a: "1" } } });
    expect(typeof stored.state.last_seen).toBe("number");
  });

  it("forget notifies a removal, deletes the stored record, and leaves readers only the id", async () => {
    const { storage, writer, reader } = hubs();
    writer.sync(ann.id, { user: ann, presence: online });
    await writer.commit(ann.id, { kv: { a: "1" } });
    await writer.flush();
    const seen: HubChange[] = [];
    reader.subscribe([ann.id], (c) => seen.push(c));
    const version = await writer.forget(ann.id);
    expect(version).toBe(3);
    expect(seen.map((c) => [c.version, c.presence])).toEqual([[3, null]]);
    expect(await storage.getKeys()).toEqual([]);
    expect(writer.record(ann.id)).toBeUndefined();
    expect(reader.has(ann.id)).toBe(false);
    expect(JSON.stringify(reader.record(ann.id))).not.toMatch(/ann"|"a"|last_seen":\d/);
    await writer.flush();
    expect(await storage.getKeys()).toEqual([]);
    expect(await writer.forget("500000000000000002")).toBeUndefined();
  });
});
