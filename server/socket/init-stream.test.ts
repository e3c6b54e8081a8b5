// Large INIT_STATEs: one message, the same bytes as one monolithic frame, but written in fragments
// as the client reads; the event loop keeps serving meanwhile; clients that read nothing are
// dropped with 4009 before they cost more than the buffer cap.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { openRawWs, type RawWs } from "../_test/raw-ws.ts";
import { hasPython, openStalledClients } from "../_test/stalled-clients.ts";
import { wsClients } from "../_test/ws-client.ts";
import { eventFrame, presenceMapJson } from "./lanyard-frames.ts";

const MEMBERS = 3000;
const clients = wsClients();
const raws = new Set<RawWs>();
afterEach(() => {
  clients.closeAll();
  for (const raw of raws) raw.socket.destroy();
  raws.clear();
});

describe(`INIT_STATE for ${MEMBERS} users`, () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({ sim: { members: MEMBERS }, start: { sockets: { initStallMs: 300 } } });
    url = `${stack.server.url.replace("http", "ws")}/socket`;
    // KV makes a dozen presences large (30 × 30,000 characters each): an init of ≈12 MB, more
    // than the kernel's socket buffers and the 1 MiB cap together.
    const kv = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "x".repeat(30_000)]));
    for (const id of [...stack.server.hub.ids()].slice(0, 12)) await stack.server.hub.commit(id, { kv });
  });
  afterAll(() => stack?.close());

  /** What the monolithic encoder made of the same state. */
  function expected(ids: Iterable<string>): string {
    const { hub } = stack.server;
    const entries = [...ids].flatMap((id) => {
      const snapshot = hub.get(id);
      return snapshot ? [[id, snapshot.presence] as const] : [];
    });
    return eventFrame("INIT_STATE", 1, presenceMapJson(entries as never));
  }

  it.each([false, true])("is one message with the monolithic bytes (zlib_json: %s)", async (compress) => {
    const c = await clients.open(compress ? `${url}?compression=zlib_json` : url, { inflate: compress });
    await c.next();
    c.send({ op: 2, d: { subscribe_to_all: true } });
    await c.next(10_000);
    const init = c.frames[1];
    expect(init.binary).toBe(compress);
    expect(init.text.length).toBeGreaterThan(10 << 20);
    expect(init.text).toBe(expected(stack.server.hub.ids()));
    expect(Object.keys(init.json().d)).toHaveLength(stack.server.hub.size);
  });

  it("answers subscribe_to_ids the same way, and updates after it with the next seq", async () => {
    const ids = [...stack.server.hub.ids()].slice(0, 500);
    const c = await clients.open(url);
    await c.next();
    c.send({ op: 2, d: { subscribe_to_ids: ids } });
    await c.next(10_000);
    expect(c.frames[1].text).toBe(expected(ids));
    stack.sim.setPresence(ids[0], { status: "idle" });
    expect(await c.next()).toMatchObject({ seq: 2, t: "PRESENCE_UPDATE", d: { user_id: ids[0], discord_status: "idle" } });
  });

  it("is sent in fragments, and /health is answered before the last one", async () => {
    const raw = await openRawWs(url);
    raws.add(raw);
    let health: Promise<number> | undefined;
    let answeredBeforeEnd: boolean | undefined;
    const end = new Promise<void>((resolve) => {
      raw.onFrame((frame) => {
        // Frame 1 is Hello; the INIT_STATE starts with a text frame without FIN.
        if (raw.frames.length === 2 && !frame.fin && frame.opcode === 1) {
          let answered = false;
          health = fetch(`${stack.server.url}/health`).then((res) => ((answered = true), res.status));
          void health.finally(() => undefined);
          raw.onFrame((f) => f.fin && f.opcode === 0 && ((answeredBeforeEnd ??= answered), resolve()));
        }
      });
    });
    raw.send({ op: 2, d: { subscribe_to_all: true } });
    await Promise.race([end, raw.ended]);
    expect(raw.frames[1]).toMatchObject({ opcode: 1, fin: false });
    expect(raw.frames.length).toBeGreaterThan(3);
    expect(await health).toBe(200);
    expect(answeredBeforeEnd).toBe(true);
  });

  it.skipIf(!hasPython)("drops 10 clients that read nothing with 4009, holding less than their caps meanwhile", async () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const stalled = await openStalledClients(url, 10);
    try {
      // The server gives up on a client that took nothing for 300 ms (initStallMs).
      await expect.poll(() => stack.get("/metrics").then((r) => _gauge(r.body)), { timeout: 5000 }).toBe(0);
      const results = await stalled.read();
      expect(results.map((r) => r.closeCode)).toEqual(Array(10).fill(4009));
      // Each got what the kernel buffers and the cap held, far from the whole init (≈12 MB).
      for (const r of results) expect(r.bytes).toBeLessThan(8 << 20);
    } finally {
      clearInterval(sampler);
      stalled.kill();
    }
    // Ten monolithic frames would have held ≈120 MB of buffers; ten capped writers hold ≈10 MB.
    // The process-wide arrayBuffers figure also counts the rest of the worker (seen up to 31 MB
    // under a loaded full run), so the bound sits halfway to the monolithic figure.
    expect(peak - before).toBeLessThan(60 * (1 << 20));
  });
});

/** Open Lanyard sockets, from the metrics exposition. */
function _gauge(text: string): number {
  const match = /^presence_kit_connections\{transport="ws",dialect="lanyard"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : NaN;
}
