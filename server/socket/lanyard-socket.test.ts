// Lanyard's WebSocket protocol on /socket, end to end: simulator → discord.js → hub → socket.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startStack, type Stack } from "../_test/harness.ts";
import { openWs, wsClients, type WsClient } from "../_test/ws-client.ts";

const SPOTIFY = "293673602384003625";
const MOBILE = "463338282680454615";
const GAMER = "244581933252739979";
const CODER = "545507915071620158";
const UNKNOWN = "1234567890123456789";

let stack: Stack;
let base: string;
const clients = wsClients();

beforeAll(async () => {
  stack = await startStack();
  base = stack.server.url.replace("http", "ws");
});
afterEach(() => clients.closeAll());
afterAll(() => stack?.close());

/** Opens /socket, checks Hello, optionally sends an Initialize and returns its INIT_STATE. */
async function connect(init?: Record<string, unknown>, query = ""): Promise<{ c: WsClient; init: any }> {
  const c = await clients.open(`${base}/socket${query}`, { inflate: true });
  expect(await c.next()).toEqual({ op: 1, d: { heartbeat_interval: 30000 } });
  if (!init) return { c, init: undefined };
  c.send({ op: 2, d: init });
  return { c, init: await c.next() };
}

/** The REST presence of a user plus the `user_id` the socket adds. */
async function restPresence(id: string) {
  return { ...(await stack.get(`/v1/users/${id}`)).body.data, user_id: id };
}

/** Changes a user's status through the simulator and waits until the hub has it. */
async function setStatus(id: string, status: "online" | "idle" | "dnd") {
  const changed = stack.nextChange((c) => c.userId === id && c.presence?.discord_status === status);
  stack.sim.setPresence(id, { status, activities: [], client_status: { web: status } });
  await changed;
}

describe("Lanyard socket: handshake and Initialize", () => {
  it("sends Hello as the first text frame, exactly as the reference", async () => {
    const { c } = await connect();
    expect(c.frames[0]).toMatchObject({ binary: false, text: '{"op":1,"d":{"heartbeat_interval":30000}}' });
  });

  it("subscribe_to_ids: INIT_STATE maps monitored ids to presences, others left out", async () => {
    const { init } = await connect({ subscribe_to_ids: [SPOTIFY, GAMER, UNKNOWN, "not-an-id", SPOTIFY] });
    expect(Object.keys(init)).toEqual(["op", "seq", "t", "d"]);
    expect(init).toMatchObject({ op: 0, seq: 1, t: "INIT_STATE" });
    expect(Object.keys(init.d).sort()).toEqual([GAMER, SPOTIFY].sort());
    expect(init.d[SPOTIFY]).toEqual(await restPresence(SPOTIFY));
    expect(init.d[GAMER].discord_user.id).toBe(GAMER);
  });

  it("subscribe_to_id: INIT_STATE is the bare presence, or {} for unknown and malformed ids", async () => {
    expect((await connect({ subscribe_to_id: CODER })).init.d).toEqual(await restPresence(CODER));
    expect((await connect({ subscribe_to_id: UNKNOWN })).init).toEqual({ op: 0, seq: 1, t: "INIT_STATE", d: {} });
    expect((await connect({ subscribe_to_id: "abc" })).init.d).toEqual({});
    expect((await connect({ subscribe_to_id: 42 })).init.d).toEqual({});
  });

  it("subscribe_to_all: INIT_STATE has every monitored user", async () => {
    const { init } = await connect({ subscribe_to_all: true });
    expect(Object.keys(init.d).sort()).toEqual([...stack.server.hub.ids()].sort());
    expect(init.d[MOBILE].user_id).toBe(MOBILE);
  });

  it("accepts Initialize again: subscriptions accumulate, seq counts every event", async () => {
    const { c } = await connect({ subscribe_to_id: SPOTIFY });
    c.send({ op: 2, d: { subscribe_to_ids: [GAMER] } });
    expect(await c.next()).toMatchObject({ seq: 2, t: "INIT_STATE", d: { [GAMER]: { user_id: GAMER } } });
    await setStatus(SPOTIFY, "idle");
    await setStatus(GAMER, "idle");
    expect(await c.next()).toMatchObject({ seq: 3, t: "PRESENCE_UPDATE", d: { user_id: SPOTIFY } });
    expect(await c.next()).toMatchObject({ seq: 4, t: "PRESENCE_UPDATE", d: { user_id: GAMER } });
  });

  it("parses binary client frames as JSON too", async () => {
    const { c } = await connect();
    c.ws.send(Buffer.from(JSON.stringify({ op: 2, d: { subscribe_to_id: SPOTIFY } })));
    expect(await c.next()).toMatchObject({ t: "INIT_STATE", d: { user_id: SPOTIFY } });
  });
});

describe("Lanyard socket: updates", () => {
  it("pushes PRESENCE_UPDATE with the full presence after a Discord presence change", async () => {
    const { c } = await connect({ subscribe_to_id: MOBILE });
    await setStatus(MOBILE, "dnd");
    const update = await c.next();
    expect(Object.keys(update)).toEqual(["op", "seq", "t", "d"]);
    expect(update).toMatchObject({ op: 0, seq: 2, t: "PRESENCE_UPDATE" });
    expect(update.d).toEqual(await restPresence(MOBILE));
    expect(update.d.discord_status).toBe("dnd");
  });

  it("delivers one update per change however often a user was subscribed (ids, id, all)", async () => {
    const { c } = await connect({ subscribe_to_ids: [GAMER, GAMER] });
    c.send({ op: 2, d: { subscribe_to_id: GAMER } });
    c.send({ op: 2, d: { subscribe_to_all: true } });
    await c.until((m) => m.seq === 3);
    await setStatus(GAMER, "dnd");
    await setStatus(CODER, "dnd"); // a marker: everything about GAMER arrived before it
    await c.until((m) => m.d.user_id === CODER);
    const updates = c.frames.slice(4).map((f) => f.json().d.user_id);
    expect(updates).toEqual([GAMER, CODER]);
  });

  it("op 4 unsubscribes silently by id, ids and all, and ignores malformed ones", async () => {
    const { c } = await connect({ subscribe_to_ids: [SPOTIFY, GAMER, CODER] });
    c.send({ op: 4, d: { unsubscribe_from_id: SPOTIFY } });
    c.send({ op: 4, d: { unsubscribe_from_ids: [GAMER, 7] } });
    c.send({ op: 4 });
    c.send({ op: 4, d: { nothing: true } });
    await setStatus(SPOTIFY, "online");
    await setStatus(GAMER, "online");
    await setStatus(CODER, "idle");
    expect((await c.next()).d.user_id).toBe(CODER);
    c.send({ op: 4, d: { unsubscribe_from_all: true } });
    await setStatus(CODER, "online");
    c.send({ op: 2, d: { subscribe_to_id: UNKNOWN } }); // the next frame must be its INIT_STATE
    expect(await c.next()).toMatchObject({ t: "INIT_STATE", d: {} });
  });

  it("op 4 unsubscribe_from_id also mutes one user for a subscribe_to_all connection", async () => {
    const { c } = await connect({ subscribe_to_all: true });
    c.send({ op: 4, d: { unsubscribe_from_id: SPOTIFY } });
    await setStatus(SPOTIFY, "dnd");
    await setStatus(GAMER, "dnd");
    expect((await c.next()).d.user_id).toBe(GAMER);
  });

  it("op 3 is a heartbeat: no reply", async () => {
    const { c } = await connect();
    c.send({ op: 3 });
    c.send({ op: 3, d: { anything: 1 } });
    c.send({ op: 2, d: { subscribe_to_id: UNKNOWN } });
    expect(await c.next()).toMatchObject({ t: "INIT_STATE", seq: 1 });
  });
});

describe("Lanyard socket: close codes, in the reference's order", () => {
  const cases: Array<[string, unknown, number, string]> = [
    ["not JSON", "hello", 4006, "invalid_payload"],
    ["a JSON array", [], 4006, "invalid_payload"],
    ["JSON null", null, 4006, "invalid_payload"],
    ["a JSON string", '"op"', 4006, "invalid_payload"],
    ["no op", {}, 4004, "unknown_opcode"],
    ["op as a string", { op: "2", d: { subscribe_to_id: SPOTIFY } }, 4004, "unknown_opcode"],
    ["op 0 from a client", { op: 0 }, 4004, "unknown_opcode"],
    ["op 1 from a client", { op: 1 }, 4004, "unknown_opcode"],
    ["op 5", { op: 5, d: {} }, 4004, "unknown_opcode"],
    ["op 2 without d", { op: 2 }, 4005, "requires_data_object"],
    ["op 2 with d null", { op: 2, d: null }, 4005, "requires_data_object"],
    ["op 2 with d {}", { op: 2, d: {} }, 4005, "requires_data_object"],
    ["op 2 with d an array", { op: 2, d: [SPOTIFY] }, 4005, "requires_data_object"],
    ["op 2 with d a string", { op: 2, d: SPOTIFY }, 4005, "requires_data_object"],
    ["op 2 with unknown keys", { op: 2, d: { subscribe: [SPOTIFY] } }, 4006, "invalid_payload"],
    ["subscribe_to_all false", { op: 2, d: { subscribe_to_all: false } }, 4006, "invalid_payload"],
    ["subscribe_to_ids a string", { op: 2, d: { subscribe_to_ids: SPOTIFY } }, 4006, "invalid_payload"],
    ["subscribe_to_ids numbers", { op: 2, d: { subscribe_to_ids: [1, 2] } }, 4006, "invalid_payload"],
    ["subscribe_to_ids null", { op: 2, d: { subscribe_to_ids: null } }, 4006, "invalid_payload"],
  ];

  it.each(cases)("%s → %i %s", async (_name, frame, code, reason) => {
    const { c } = await connect();
    c.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    expect(await c.closed).toEqual({ code, reason });
  });

  it("keeps other connections working after closing one", async () => {
    const { c: ok } = await connect({ subscribe_to_id: SPOTIFY });
    const { c: bad } = await connect();
    bad.send("{");
    expect((await bad.closed).code).toBe(4006);
    await setStatus(SPOTIFY, "idle");
    expect((await ok.next()).d.discord_status).toBe("idle");
  });

  it("closes with 1009 for a frame over 64 KiB", async () => {
    const { c } = await connect();
    c.send(JSON.stringify({ op: 3, d: "x".repeat(70_000) }));
    expect((await c.closed).code).toBe(1009);
  });

  it("answers a plain GET /socket with 400 upgrade_failed, and refuses upgrades elsewhere", async () => {
    const res = await stack.get("/socket");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, error: { code: "upgrade_failed", message: "Request failed to upgrade" } });
    await expect(openWs(`${base}/v1/users/${SPOTIFY}`)).rejects.toThrow(/Unexpected server response: 200/);
    await expect(openWs(`${base}/nowhere`)).rejects.toThrow(/Unexpected server response: 404/);
  });
});

describe("Lanyard socket: ?compression=zlib_json", () => {
  it("sends every message, Hello included, as its own zlib stream in a binary frame", async () => {
    const { c, init } = await connect({ subscribe_to_id: SPOTIFY }, "?compression=zlib_json");
    expect(init).toMatchObject({ t: "INIT_STATE", d: { user_id: SPOTIFY } });
    await setStatus(SPOTIFY, "dnd");
    expect(await c.next()).toMatchObject({ t: "PRESENCE_UPDATE", d: { discord_status: "dnd" } });
    expect(c.frames.map((f) => f.binary)).toEqual([true, true, true]);
    expect(c.frames[0].text).toBe('{"op":1,"d":{"heartbeat_interval":30000}}');
  });

  it("keeps plain JSON for any other compression value", async () => {
    const { c } = await connect({ subscribe_to_id: SPOTIFY }, "?compression=zlib");
    expect(c.frames.map((f) => f.binary)).toEqual([false, false]);
  });
});

describe("Lanyard socket: slow consumers", () => {
  it("closes a client that stops reading with 4009, without holding back the others", async () => {
    const { c: slow } = await connect({ subscribe_to_id: GAMER });
    const { c: fast } = await connect({ subscribe_to_id: GAMER });
    (slow.ws as WebSocket & { _socket: { pause(): void; resume(): void } })._socket.pause();
    const filler = "x".repeat(60_000);
    const total = 320; // ≈19 MB: more than loopback's kernel buffers plus the 1 MiB cap
    for (let n = 0; n < total; ) {
      // Batches stay under the cap for a client that reads (test and server share one thread).
      for (let i = 0; i < 8; i++, n++) {
        // KV, not activity text: presence text is clipped to Discord's 128 characters.
        stack.server.hub.sync(GAMER, { kv: { filler: `${n} ${filler}` } });
      }
      const last = `${n - 1} `;
      await fast.until((m) => m.d.kv?.filler?.startsWith(last));
    }
    (slow.ws as WebSocket & { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toEqual({ code: 4009, reason: "slow_consumer" });
    const got = slow.frames.filter((f) => f.text.includes("PRESENCE_UPDATE")).length;
    expect(got).toBeLessThan(total);
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
    expect(fast.frames.length).toBe(2 + total);
  });
});
