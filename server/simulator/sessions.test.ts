import { describe, expect, it } from "vitest";
import { createSessionStore } from "./sessions.ts";

function setup(bufferSize: number) {
  let dispatches = 0;
  const store = createSessionStore({ timeoutMs: 1000, bufferSize, onDispatch: () => dispatches++ });
  const session = store.create({ id: "s", shard: [0, 1], intents: 1 << 8, largeThreshold: 50 });
  return { store, session, count: () => dispatches };
}

describe("session store", () => {
  it("numbers dispatches per session and buffers them while detached", () => {
    const { store, session, count } = setup(10);
    store.dispatch(session, "READY", { a: 1 });
    store.dispatchJson(session, "PRESENCE_UPDATE", '{"b":2}');
    expect(session.seq).toBe(2);
    expect(session.buffer.map((e) => e.frame)).toEqual([
      '{"op":0,"t":"READY","s":1,"d":{"a":1}}',
      '{"op":0,"t":"PRESENCE_UPDATE","s":2,"d":{"b":2}}',
    ]);
    expect(count()).toBe(2);
    expect(store.replay(session, 1)).toBe(1);
    expect(session.seq).toBe(3); // RESUMED has its own number
    store.clear();
  });

  it("refuses a resume whose gap is older than the buffer, or from the future", () => {
    const { store, session } = setup(10);
    for (let i = 0; i < 600; i++) store.dispatch(session, "X", i);
    expect(session.buffer.length).toBeLessThanOrEqual(10 + 512);
    const oldest = session.buffer[0].s;
    expect(store.canResume(session, oldest - 1)).toBe(true);
    expect(store.canResume(session, oldest - 2)).toBe(false);
    expect(store.canResume(session, 600)).toBe(true);
    expect(store.canResume(session, 601)).toBe(false);
    expect(store.canResume(session, Number.NaN)).toBe(false);
    store.clear();
  });

  it("routes by shard and intents", () => {
    const { store, session } = setup(10);
    const guildOnShard0 = ((1n << 22n) * 2n).toString(); // timestamp part 2 → shard 0 of 2
    session.shard = [0, 2];
    expect(store.owning(guildOnShard0, 1 << 8)).toEqual([session]);
    expect(store.owning(guildOnShard0, 1 << 1)).toEqual([]);
    session.shard = [1, 2];
    expect(store.owning(guildOnShard0, 1 << 8)).toEqual([]);
    store.clear();
  });

  it("forgets a detached session after the timeout", async () => {
    const store = createSessionStore({ timeoutMs: 10 });
    const session = store.create({ id: "t", shard: [0, 1], intents: 0, largeThreshold: 50 });
    store.detach(session);
    expect(store.get("t")).toBe(session);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(store.get("t")).toBeUndefined();
  });
});
