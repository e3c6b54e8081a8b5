// CONSENT=role, CONSENT=opt-in and GUILD_IDS end to end with the simulator (members with roles,
// role changes, DMs) and the real discord.js: REST, the Lanyard socket, SSE and cards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dmBot } from "../_test/dm.ts";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients, type SseMessage } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";
import { createSimulator, PERSONAS, type Simulator } from "../simulator/index.ts";

const { moon: { id: MOON }, coder: { id: CODER }, gamer: { id: GAMER }, cycler: { id: CYCLER } } = PERSONAS;

const sse = sseClients();
const ws = wsClients();
afterEach(() => (sse.closeAll(), ws.closeAll()));

const isFor = (event: string, userId: string) => (m: SseMessage) => m.event === event && m.json().user_id === userId;

describe("CONSENT=role", () => {
  let sim: Simulator;
  let stack: Stack;
  let role: string;
  beforeAll(async () => {
    sim = await createSimulator({ personas: true, script: false });
    role = sim.createRole("Public presence").id;
    const other = sim.createRole("Not consent").id;
    sim.setMemberRoles(CODER, [role]);
    sim.setMemberRoles(MOON, [other, role]);
    sim.setMemberRoles(GAMER, [other]);
    stack = await startStack({ sim, env: { CONSENT: "role", CONSENT_ROLE_ID: role } });
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.close();
  });
  const url = (path: string) => `${stack.server.url}${path}`;

  it("serves only members holding the role, on REST, SSE all and subscribe_to_all", async () => {
    expect((await stack.get(`/v1/users/${CODER}`)).status).toBe(200);
    expect((await stack.get(`/v1/users/${GAMER}`)).body.error.code).toBe("user_not_monitored");
    expect((await stack.get("/health")).body.data.monitored_users).toBe(2);
    const all = await sse.open(url("/v1/events?all=true"));
    expect(Object.keys((await all.next()).json()).sort()).toEqual([CODER, MOON].sort());
    const socket = await ws.open(`${stack.server.url.replace("http", "ws")}/socket`);
    await socket.until((m) => m.op === 1);
    socket.send({ op: 2, d: { subscribe_to_all: true } });
    expect(Object.keys((await socket.until((m) => m.t === "INIT_STATE")).d).sort()).toEqual([CODER, MOON].sort());
  });

  it("a role removed while subscribed removes the user at once; a role gained serves them at once", async () => {
    const one = await sse.open(url(`/v1/users/${MOON}/events`));
    const all = await sse.open(url("/v1/events?all=true"));
    await Promise.all([one.next(), all.next()]);
    sim.setMemberRoles(MOON, []);
    await Promise.all([one.until((m) => m.event === "remove"), all.until(isFor("remove", MOON))]);
    expect((await stack.get(`/v1/users/${MOON}`)).status).toBe(404);
    expect((await fetch(url(`/cards/${MOON}.svg`))).headers.get("cache-control")).toBe(
      (await fetch(url("/cards/1234567890123456789.svg"))).headers.get("cache-control"),
    );
    // Not served again by a presence update: the role decides.
    sim.setPresence(MOON, { status: "dnd", activities: [{ name: "Without the role", type: 0 }] });
    sim.setPresence(CODER, { status: "online", activities: [{ name: "marker", type: 0 }] });
    await all.until((m) => isFor("presence", CODER)(m) && m.data.includes("marker"));
    expect(all.events.filter((m) => m.data.includes("Without the role"))).toEqual([]);

    sim.setMemberRoles(GAMER, [role]);
    const gained = await all.until(isFor("presence", GAMER));
    expect(gained.json().discord_user.id).toBe(GAMER);
    expect((await stack.get(`/v1/users/${GAMER}`)).body.data.activities.length).toBeGreaterThan(0);
    sim.setMemberRoles(MOON, [role]);
    expect((await all.until(isFor("presence", MOON))).json().activities[0].name).toBe("Without the role");
  });

  it(".optout wins over the role; .optin without the role says so and serves nobody", async () => {
    const all = await sse.open(url("/v1/events?all=true"));
    await all.next();
    expect(await dmBot(sim, CODER, ".optout").then((m) => m.content)).toMatch(/Opted out/);
    await all.until(isFor("remove", CODER));
    expect((await stack.get(`/v1/users/${CODER}`)).status).toBe(404);
    expect(await dmBot(sim, CODER, ".optin").then((m) => m.content)).toMatch(/Opted in/);
    await all.until(isFor("presence", CODER));
    expect(await dmBot(sim, CYCLER, ".optin").then((m) => m.content)).toMatch(/consent role/);
    expect((await stack.get(`/v1/users/${CYCLER}`)).status).toBe(404);
  });
});

describe("CONSENT=opt-in", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CONSENT: "opt-in" } });
  });
  afterAll(() => stack?.close());

  it("serves nobody until they send .optin, then at once; .optout removes them again", async () => {
    expect((await stack.get("/health")).body.data.monitored_users).toBe(0);
    expect((await stack.get(`/v1/users/${MOON}`)).status).toBe(404);
    expect((await stack.get("/playground/users")).body.data).toEqual([]);
    const all = await sse.open(`${stack.server.url}/v1/events?all=true`);
    expect((await all.next()).json()).toEqual({});

    expect(await dmBot(stack.sim, MOON, ".optin").then((m) => m.content)).toMatch(/Opted in/);
    expect((await all.until(isFor("presence", MOON))).json().discord_status).toBe("idle");
    expect((await stack.get(`/v1/users/${MOON}`)).body.data.discord_status).toBe("idle");
    expect((await fetch(`${stack.server.url}/cards/${MOON}.svg`)).headers.get("cache-control")).not.toBe(
      (await fetch(`${stack.server.url}/cards/${CODER}.svg`)).headers.get("cache-control"),
    );
    expect(await dmBot(stack.sim, MOON, ".optout").then((m) => m.content)).toMatch(/Opted out/);
    await all.until(isFor("remove", MOON));
    expect((await stack.get(`/v1/users/${MOON}`)).status).toBe(404);
  });
});

describe("GUILD_IDS", () => {
  let stack: Stack;
  const outsider = { id: "612345678901234599", username: "elsewhere", discriminator: "0", avatar: null };
  beforeAll(async () => {
    const sim = await createSimulator({ personas: true, script: false, guilds: 2 });
    sim.addMember(outsider, { guildId: sim.guildIds[1], presence: { status: "online", activities: [], client_status: { web: "online" } } });
    stack = await startStack({ sim, env: { GUILD_IDS: sim.guildIds[0] } });
    stack.close = ((close) => async () => (await close(), await sim.close()))(stack.close);
  });
  afterAll(() => stack?.close());

  it("neither stores nor serves members of other servers; leaving the counted server removes them", async () => {
    const health = (await stack.get("/health")).body.data;
    expect(health.gateway.guilds).toBe(1);
    expect((await stack.get(`/v1/users/${outsider.id}`)).status).toBe(404);
    expect(stack.server.hub.record(outsider.id)).toBeUndefined();
    stack.sim.setPresence(outsider.id, { status: "dnd" });
    // GAMER is in both servers: served while a member of the counted one.
    const all = await sse.open(`${stack.server.url}/v1/events?all=true`);
    await all.next();
    stack.sim.removeMember(GAMER, { guildId: stack.sim.guildIds[0] });
    await all.until(isFor("remove", GAMER));
    expect((await stack.get(`/v1/users/${GAMER}`)).status).toBe(404);
    expect(all.events.some((m) => m.data.includes(outsider.id))).toBe(false);
    expect(await dmBot(stack.sim, outsider.id, ".optin").then((m) => m.content)).toMatch(/once you are in a server this bot watches/);
    expect(stack.server.hub.record(outsider.id)).toBeUndefined();
  });
});
