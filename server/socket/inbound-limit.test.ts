// Inbound frames are budgeted per connection: a flood of 64 KiB heartbeats (the largest frame
// allowed) is closed with 4012 on every socket dialect, and another client on the same server
// keeps getting its updates.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { wsClients, type WsClient } from "../_test/ws-client.ts";
import { PERSONAS } from "../simulator/personas.ts";
import { createInboundLimit } from "./inbound-limit.ts";
import { CloseCode, INBOUND_BYTES_PER_WINDOW, MAX_FRAME_BYTES } from "./protocol.ts";

const USER = PERSONAS.coder.id;
const clients = wsClients();
afterEach(() => clients.closeAll());

describe("createInboundLimit", () => {
  it("allows frames and bytes up to the budget per window, then refuses until the next", () => {
    let now = 0;
    const limit = createInboundLimit({ frames: 3, bytes: 100, windowMs: 1000, now: () => now });
    expect([limit.take(10), limit.take(10), limit.take(10), limit.take(10)]).toEqual([true, true, true, false]);
    now = 1000;
    expect(limit.take(100)).toBe(true);
    expect(limit.take(1)).toBe(false);
    now = 2500;
    expect(limit.take(1)).toBe(true);
  });
});

describe("a flood of 64 KiB heartbeats (default limits)", () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    stack = await startStack();
    base = stack.server.url.replace("http", "ws");
  });
  afterAll(() => stack?.close());

  /** A heartbeat padded to exactly the largest frame allowed. */
  const heartbeat = (() => {
    const empty = JSON.stringify({ op: 3, d: "" });
    return JSON.stringify({ op: 3, d: "x".repeat(MAX_FRAME_BYTES - empty.length) });
  })();

  async function bystander(): Promise<WsClient> {
    const c = await clients.open(`${base}/socket`);
    await c.next();
    c.send({ op: 2, d: { subscribe_to_id: USER } });
    expect((await c.next()).t).toBe("INIT_STATE");
    return c;
  }

  it.each([
    ["Lanyard /socket", "/socket"],
    ["Tether /tether/socket", "/tether/socket"],
    ["originoid /ws/v1/:id", `/ws/v1/${USER}`],
    ["Grux /?user_id=", `/?user_id=${USER}`],
  ])("%s closes the flooder with 4012; a bystander still gets updates", async (_name, path) => {
    expect(Buffer.byteLength(heartbeat)).toBe(MAX_FRAME_BYTES);
    const watcher = await bystander();
    const flooder = await clients.open(`${base}${path}`);
    // Many times the byte budget: far past it, whatever arrives before the close.
    const frames = Math.ceil((4 * INBOUND_BYTES_PER_WINDOW) / MAX_FRAME_BYTES);
    for (let i = 0; i < frames && flooder.ws.readyState === flooder.ws.OPEN; i++) flooder.send(heartbeat);
    expect(await flooder.closed).toEqual(CloseCode.rateLimited);
    const status = `flood ${path}`;
    stack.sim.setPresence(USER, { status: "online", activities: [{ name: status, type: 0 }] });
    const update = await watcher.until((m) => m.t === "PRESENCE_UPDATE");
    expect(update.d.activities[0].name).toBe(status);
  });

  it("a client within the budget is not closed", async () => {
    const c = await clients.open(`${base}/socket`);
    await c.next();
    for (let i = 0; i < 3; i++) c.send(heartbeat);
    c.send({ op: 2, d: { subscribe_to_id: USER } });
    expect((await c.next()).t).toBe("INIT_STATE");
  });
});

describe("the frame budget (INBOUND frames 5 per window)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ start: { sockets: { inbound: { frames: 5, windowMs: 60_000 } } } });
  });
  afterAll(() => stack?.close());

  it("counts small frames too", async () => {
    const c = await clients.open(`${stack.server.url.replace("http", "ws")}/socket`);
    await c.next();
    for (let i = 0; i < 6; i++) c.send({ op: 3 });
    expect(await c.closed).toEqual(CloseCode.rateLimited);
  });
});
