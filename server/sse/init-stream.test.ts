// A large multi-user `init`: one event with the same bytes as before, written as the client reads;
// the event loop keeps serving meanwhile; streams that read nothing are cut with bounded buffers.
import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { hasPython, openStalledClients } from "../_test/stalled-clients.ts";
import { toPresenceJson } from "./encode.ts";

const sse = sseClients();
afterEach(() => sse.closeAll());

describe("SSE init for 3000 users", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { members: 3000 }, start: { events: { initStallMs: 300 } } });
    // KV makes a dozen presences large: an init of ≈12 MB, more than the socket buffers hold.
    const kv = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "x".repeat(30_000)]));
    for (const id of [...stack.server.hub.ids()].slice(0, 12)) await stack.server.hub.commit(id, { kv });
  });
  afterAll(() => stack?.close());

  /** The `data:` the monolithic encoder made of the same state. */
  function expected(ids: Iterable<string>): string {
    const parts: string[] = [];
    for (const id of ids) {
      const snapshot = stack.server.hub.get(id);
      if (snapshot) parts.push(`${JSON.stringify(id)}:${toPresenceJson(id, snapshot.presence)}`);
    }
    return `{${parts.join(",")}}`;
  }

  it.each([
    ["?all=true", () => "all=true", () => stack.server.hub.ids()],
    ["a long ids= list", () => `ids=${[...stack.server.hub.ids()].slice(0, 500).join(",")}`, () => [...stack.server.hub.ids()].slice(0, 500)],
  ])("%s: one init event with the monolithic bytes, then the changes", async (_name, query, ids) => {
    const client = await sse.open(`${stack.server.url}/v1/events?${query()}`);
    const init = await client.next(10_000);
    expect(init.event).toBe("init");
    expect(init.data).toBe(expected(ids()));
    const [first] = ids();
    stack.sim.setPresence(first, { status: "idle" });
    const next = await client.until((m) => m.event === "presence" && m.json().user_id === first);
    expect(next.json().discord_status).toBe("idle");
    stack.sim.setPresence(first, { status: "online" });
  });

  it("answers /health while the init is still being written", async () => {
    let resolve!: (answered: boolean) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<boolean>((res, rej) => ((resolve = res), (reject = rej)));
    const req = request(`${stack.server.url}/v1/events?all=true`, { headers: { accept: "text/event-stream" } });
    req.on("error", reject);
    req.on("response", (res) => {
      let health: Promise<Response> | undefined;
      let answered = false;
      let tail = "";
      res.on("data", (chunk: Buffer) => {
        const text = tail + chunk.toString("latin1");
        tail = text.slice(-32);
        if (!health) {
          const start = text.indexOf("event: init\ndata: {");
          if (start < 0) return;
          health = fetch(`${stack.server.url}/health`).then((r) => ((answered = true), r));
          // JSON holds no raw line break: the first blank line after `data:` ends the init.
          if (!text.slice(start).includes("\n\n")) return;
        } else if (!text.includes("\n\n")) return;
        resolve(answered);
        req.destroy();
      });
    });
    req.end();
    expect(await promise).toBe(true);
  });

  it.skipIf(!hasPython)("cuts 10 ?all=true streams that read nothing, holding less than their caps", async () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const stalled = await openStalledClients(`${stack.server.url}/v1/events?all=true`, 10);
    try {
      await expect.poll(() => stack.get("/metrics").then((r) => _streams(r.body)), { timeout: 5000 }).toBe(0);
      const results = await stalled.read();
      expect(results.map((r) => r.ended)).toEqual(Array(10).fill(true));
      for (const r of results) expect(r.bytes).toBeLessThan(8 << 20);
    } finally {
      clearInterval(sampler);
      stalled.kill();
    }
    // Ten whole inits would hold ≈120 MB; the process-wide figure also counts the rest of the
    // worker, so the bound sits halfway (as in the socket's test).
    expect(peak - before).toBeLessThan(60 * (1 << 20));
  });
});

// --- internal ---

/** Open SSE streams, from the metrics exposition. */
function _streams(text: string): number {
  const match = /^presence_kit_connections\{transport="sse",dialect="lanyard"\} (\d+)/m.exec(text);
  return match ? Number(match[1]) : NaN;
}
