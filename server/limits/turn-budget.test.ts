// The turn budget: unit rules, then through both transports at once — however many clients
// subscribe to all together, one event-loop turn builds at most the budget of initial state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";
import { toPresenceJson } from "../sse/encode.ts";
import { INIT_CHUNK_BYTES } from "../socket/init-stream.ts";
import { createTurnBudget, INIT_BYTES_PER_TURN } from "./turn-budget.ts";

/** Counts event-loop turns: one tick per turn while it runs. */
function _turns() {
  let turn = 0;
  let running = true;
  const tick = () => void (turn++, running && setImmediate(tick));
  setImmediate(tick);
  return { get now() { return turn; }, stop: () => void (running = false) };
}

describe("turn budget", () => {
  it("grants at most its bytes per turn, first come first served, never in the calling turn", async () => {
    const budget = createTurnBudget({ bytesPerTurn: 100 });
    const turns = _turns();
    const grants: Array<[string, number]> = [];
    const all = ["a", "b", "c", "d", "e"].map((name) => budget.take(40).then(() => void grants.push([name, turns.now])));
    await Promise.resolve();
    expect([grants.length, budget.waiting]).toEqual([0, 5]);
    await Promise.all(all);
    turns.stop();
    expect(grants.map(([name]) => name).join("")).toBe("abcde");
    const t = grants[0][1];
    expect(grants.map(([, turn]) => turn - t)).toEqual([0, 0, 1, 1, 2]);
  });

  it("lets a chunk over the budget go alone, and a caller asking again waits behind the others", async () => {
    const budget = createTurnBudget({ bytesPerTurn: 100 });
    const turns = _turns();
    const log: string[] = [];
    const _writer = async (name: string, bytes: number, chunks: number) => {
      for (let i = 0; i < chunks; i++) await budget.take(bytes), log.push(`${name}@${turns.now}`);
    };
    await Promise.all([_writer("big", 500, 2), _writer("x", 60, 2), _writer("y", 60, 2)]);
    turns.stop();
    const t = Number(log[0].split("@")[1]);
    const relative = log.map((entry) => entry.replace(/@(\d+)/, (_, n) => `@${Number(n) - t}`));
    expect(relative).toEqual(["big@0", "x@1", "y@2", "big@3", "x@4", "y@5"]);
  });

  it("refuses a budget that grants nothing", () => {
    expect(() => createTurnBudget({ bytesPerTurn: 0 })).toThrow(RangeError);
  });
});

const STREAMS = 6;
const sse = sseClients();
const ws = wsClients();
afterEach(() => (sse.closeAll(), ws.closeAll()));

describe(`${STREAMS} SSE ?all=true and ${STREAMS} subscribe_to_all at once, 2500 users`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { members: 2500 } });
  });
  afterAll(() => stack?.close());

  it("build at most the budget (and one entry per chunk) of initial state per event-loop turn", async () => {
    const { hub } = stack.server;
    // Every initial state reads each user through hub.get: the JSON it makes of them is counted.
    const get = hub.get.bind(hub);
    let bytes = 0;
    let largest = 0;
    hub.get = (id) => {
      const snapshot = get(id);
      const size = snapshot ? id.length + 3 + toPresenceJson(id, snapshot.presence).length : 0;
      (bytes += size), (largest = Math.max(largest, size));
      return snapshot;
    };
    const perTurn: number[] = [];
    let last = 0;
    let running = true;
    const tick = () => {
      perTurn.push(bytes - last);
      last = bytes;
      if (running) setImmediate(tick);
    };
    try {
      const wsUrl = `${stack.server.url.replace("http", "ws")}/socket`;
      const sockets = await Promise.all(Array.from({ length: STREAMS }, () => ws.open(wsUrl)));
      await Promise.all(sockets.map((c) => c.next()));
      setImmediate(tick);
      const inits = [
        ...sockets.map((c) => (c.send({ op: 2, d: { subscribe_to_all: true } }), c.next(20_000))),
        ...Array.from({ length: STREAMS }, () =>
          sse.open(`${stack.server.url}/v1/events?all=true`).then((c) => c.next(20_000)),
        ),
      ];
      await Promise.all(inits);
    } finally {
      running = false;
      hub.get = get;
    }
    const total = perTurn.reduce((a, b) => a + b, 0);
    // Every client read every user: the count covers the 12 initial states.
    expect(total).toBeGreaterThan(2 * STREAMS * 2500 * 100);
    // What the streams would build in one turn each without the budget, against the bound.
    const bound = INIT_BYTES_PER_TURN + (INIT_BYTES_PER_TURN / INIT_CHUNK_BYTES + 1) * largest;
    expect(2 * STREAMS * INIT_CHUNK_BYTES).toBeGreaterThan(bound);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(bound);
  });
});
