import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSnowflake } from "../presence/user.ts";
import { PERSONAS } from "../simulator/index.ts";
import { openWs } from "../_test/ws-client.ts";
import { kKnownId, kUnknownId, startFuzz, type Fuzz } from "./harness.ts";

// Lanyard's subscriptions as a state machine: random sequences of subscribe / unsubscribe frames
// against a model of README's rules (subscriptions add up, at most MAX_SUBSCRIPTION_IDS distinct
// ids with 4008 past it, unsubscribing frees slots, a subscribe_to_all connection mutes by id),
// then one presence change that must arrive exactly as often as the model says: once or never.

const kMax = 4;
let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("socket-state", { MAX_SUBSCRIPTION_IDS: String(kMax) });
});
afterAll(() => fuzz?.close());

const kMonitored = [kKnownId, PERSONAS.gamer.id, PERSONAS.moon.id];
const kPool = [...kMonitored, kUnknownId, "100000000000000002", "100000000000000003", "not-an-id", ""];
const someIds = fc.uniqueArray(fc.constantFrom(...kPool), { maxLength: 5 });
const step = fc.oneof(
  someIds.map((ids) => ({ op: 2, d: { subscribe_to_ids: ids } })),
  fc.constantFrom(...kPool).map((id) => ({ op: 2, d: { subscribe_to_id: id } })),
  fc.constant({ op: 2, d: { subscribe_to_all: true } }),
  someIds.map((ids) => ({ op: 4, d: { unsubscribe_from_ids: ids } })),
  fc.constantFrom(...kPool).map((id) => ({ op: 4, d: { unsubscribe_from_id: id } })),
  fc.constant({ op: 4, d: { unsubscribe_from_all: true } }),
  fc.constant({ op: 3 }),
);

describe("fuzz: Lanyard subscription sequences", () => {
  it("follow the model: INIT_STATE contents, 4008, and one delivery or none", async () => {
    const statuses = ["idle", "dnd", "online"] as const;
    let turn = 0;
    await fuzz.check(60, fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
      const c = await openWs(`${fuzz.stack.server.url.replace("http", "ws")}/socket`);
      await c.next();
      const model = _model(fuzz.stack.server.hub.size);
      try {
        for (const frame of steps) {
          const expected = model.apply(frame);
          c.send(frame);
          if (expected === "close") return void expect((await c.closed).code).toBe(4008);
          if (expected === undefined) continue;
          const { d } = await c.until((m) => m.t === "INIT_STATE");
          if ("count" in expected) expect(Object.keys(d)).toHaveLength(expected.count);
          else if ("keys" in expected) expect(Object.keys(d).sort()).toEqual(expected.keys.sort());
          else expect(d.user_id).toBe(expected.bare);
        }
        // One change of a monitored user, then a reply that follows it on the same connection.
        const status = statuses[turn++ % 3]!;
        await _change(kKnownId, status);
        c.send({ op: 2, d: { subscribe_to_id: "not-an-id" } });
        await c.until((m) => m.t === "INIT_STATE" && Object.keys(m.d).length === 0);
        const isUpdate = (m: any) => m.t === "PRESENCE_UPDATE" && m.d.user_id === kKnownId;
        const got = c.frames.map((f) => f.json()).filter(isUpdate);
        expect(got.map((m) => m.d.discord_status)).toEqual(model.delivers(kKnownId) ? [status] : []);
      } finally {
        c.ws.terminate();
      }
    });
  });
});

// --- internal ---

/** What the server answers a frame with: nothing, a close with 4008, or an INIT_STATE. */
type _Expected = undefined | "close" | { keys: string[] } | { count: number } | { bare: string | undefined };

/**
 * README's Initialize / Unsubscribe rules. INIT_STATE is a map of the monitored ids asked for,
 * every monitored user for subscribe_to_all, or one bare presence (`{}` if not monitored).
 */
function _model(monitoredCount: number) {
  const ids = new Set<string>();
  const muted = new Set<string>();
  let all = false;
  const monitored = (id: string) => kMonitored.includes(id);
  return {
    apply(frame: { op: number; d?: any }): _Expected {
      const d = frame.d ?? {};
      if (frame.op === 3) return undefined;
      if (frame.op === 4) {
        const drop = (id: string) => (ids.delete(id), all && monitored(id) && muted.add(id));
        if (d.unsubscribe_from_ids) for (const id of d.unsubscribe_from_ids) drop(id);
        else if (d.unsubscribe_from_id !== undefined) drop(d.unsubscribe_from_id);
        else (all = false), ids.clear(), muted.clear();
        return undefined;
      }
      if (d.subscribe_to_all) return (all = true), muted.clear(), { count: monitoredCount };
      const wanted: string[] = (d.subscribe_to_ids ?? [d.subscribe_to_id]).filter(isSnowflake);
      const fresh = wanted.filter((id) => !ids.has(id));
      if (ids.size + fresh.length > kMax) return "close";
      for (const id of wanted) ids.add(id), muted.delete(id);
      if (d.subscribe_to_ids) return { keys: wanted.filter(monitored) };
      return { bare: wanted.find(monitored) };
    },
    delivers(id: string): boolean {
      return ids.has(id) || (all && !muted.has(id));
    },
  };
}

async function _change(id: string, status: "idle" | "dnd" | "online") {
  const changed = fuzz.stack.nextChange((c) => c.userId === id && c.presence?.discord_status === status);
  fuzz.stack.sim.setPresence(id, { status });
  await changed;
}
