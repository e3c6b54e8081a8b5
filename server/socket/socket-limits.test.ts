// Limits of every socket: heartbeat timeout, subscription size, subscribe_to_all switch, shutdown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { wsClients } from "../_test/ws-client.ts";

const SPOTIFY = "293673602384003625";
const MOBILE = "463338282680454615";
const GAMER = "244581933252739979";
const CODER = "545507915071620158";
const clients = wsClients();
afterEach(() => clients.closeAll());

describe("limits (heartbeat 100 ms, MAX_SUBSCRIPTION_IDS=3, ALLOW_SUBSCRIBE_ALL=false)", () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({
      env: { MAX_SUBSCRIPTION_IDS: "3", ALLOW_SUBSCRIBE_ALL: "false" },
      start: { sockets: { heartbeatIntervalMs: 100 } },
    });
    url = `${stack.server.url.replace("http", "ws")}/socket`;
  });
  afterAll(() => stack?.close());

  it("announces the interval and closes a silent client after twice that with 4000", async () => {
    const c = await clients.open(url);
    expect(await c.next()).toEqual({ op: 1, d: { heartbeat_interval: 100 } });
    const start = Date.now();
    expect(await c.closed).toEqual({ code: 4000, reason: "heartbeat_timeout" });
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });

  it("keeps a client that heartbeats open past the timeout", async () => {
    const c = await clients.open(url);
    await c.next();
    const beat = setInterval(() => c.send({ op: 3 }), 40);
    try {
      // Six timeouts' worth of time: waiting is the point here.
      await new Promise((resolve) => setTimeout(resolve, 600));
      c.send({ op: 2, d: { subscribe_to_id: SPOTIFY } });
      expect(await c.next()).toMatchObject({ t: "INIT_STATE", d: { user_id: SPOTIFY } });
    } finally {
      clearInterval(beat);
    }
  });

  it("closes with 4008 past MAX_SUBSCRIPTION_IDS distinct ids in one Initialize", async () => {
    const c = await clients.open(url);
    c.send({ op: 2, d: { subscribe_to_ids: [SPOTIFY, MOBILE, GAMER, CODER] } });
    expect(await c.closed).toEqual({ code: 4008, reason: "too_many_ids" });
  });

  it("counts ids across Initialize frames, but not repeats or malformed ids", async () => {
    const c = await clients.open(url);
    await c.next();
    c.send({ op: 2, d: { subscribe_to_ids: [SPOTIFY, MOBILE, SPOTIFY, "nope", "0"] } });
    expect(Object.keys((await c.next()).d)).toHaveLength(2);
    c.send({ op: 2, d: { subscribe_to_ids: [MOBILE, GAMER] } });
    expect(Object.keys((await c.next()).d)).toHaveLength(2);
    c.send({ op: 2, d: { subscribe_to_id: SPOTIFY } });
    expect((await c.next()).d.user_id).toBe(SPOTIFY);
    c.send({ op: 2, d: { subscribe_to_id: CODER } });
    expect(await c.closed).toEqual({ code: 4008, reason: "too_many_ids" });
  });

  it("frees a slot on unsubscribe", async () => {
    const c = await clients.open(url);
    await c.next();
    c.send({ op: 2, d: { subscribe_to_ids: [SPOTIFY, MOBILE, GAMER] } });
    await c.next();
    c.send({ op: 4, d: { unsubscribe_from_id: GAMER } });
    c.send({ op: 2, d: { subscribe_to_id: CODER } });
    expect((await c.next()).d.user_id).toBe(CODER);
  });

  it("closes subscribe_to_all with 4007 when ALLOW_SUBSCRIBE_ALL=false", async () => {
    const c = await clients.open(url);
    c.send({ op: 2, d: { subscribe_to_all: true } });
    expect(await c.closed).toEqual({ code: 4007, reason: "subscribe_all_disabled" });
  });

  it("needs no heartbeat on originoid and Grux sockets", async () => {
    const ws = stack.server.url.replace("http", "ws");
    const originoid = await clients.open(`${ws}/ws/v1/${SPOTIFY}`);
    const grux = await clients.open(`${ws}/?user_id=${SPOTIFY}`);
    await originoid.next();
    await grux.next();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const changed = stack.nextChange((c) => c.userId === SPOTIFY && c.presence?.discord_status === "dnd");
    stack.sim.setPresence(SPOTIFY, { status: "dnd" });
    await changed;
    expect((await originoid.next()).user_id).toBe(SPOTIFY);
    expect((await grux.next()).d.status).toBe("dnd");
  });
});

describe("graceful shutdown", () => {
  it("closes every socket with 1001 going_away before the listener stops", async () => {
    const stack = await startStack();
    try {
      const ws = stack.server.url.replace("http", "ws");
      const lanyard = await clients.open(`${ws}/socket?compression=zlib_json`, { inflate: true });
      lanyard.send({ op: 2, d: { subscribe_to_all: true } });
      const originoid = await clients.open(`${ws}/ws/v1/${SPOTIFY}`);
      const grux = await clients.open(`${ws}/?user_id=${GAMER}`);
      await Promise.all([lanyard.until((m) => m.t === "INIT_STATE"), originoid.next(), grux.next()]);
      await stack.server.close();
      const goingAway = { code: 1001, reason: "going_away" };
      expect(await Promise.all([lanyard.closed, originoid.closed, grux.closed])).toEqual([goingAway, goingAway, goingAway]);
    } finally {
      await stack.close();
    }
  });
});
