// Consent in the default mode (CONSENT=guild) end to end: simulator → discord.js → gate → hub →
// every route and transport. `.optout`, `.optin`, `.forget` and `.help` by DM, and nothing leaking
// around them (dialects, cards, in_server, playground, metrics, SSE replay).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dmBot } from "../_test/dm.ts";
import { filesNaming } from "../_test/files.ts";
import { startStack, tempDir, type Stack } from "../_test/harness.ts";
import { sseClients, type SseClient, type SseMessage } from "../_test/sse-client.ts";
import { wsClients, type WsClient } from "../_test/ws-client.ts";
import { PERSONAS } from "../simulator/index.ts";

const MOON = PERSONAS.moon.id;
const CODER = PERSONAS.coder.id;
const GAMER = PERSONAS.gamer.id;
const SPOTIFY = PERSONAS.spotify.id;
const NEVER = "1234567890123456789";

let stack: Stack;
const dir = tempDir();
const sse = sseClients();
const ws = wsClients();

beforeAll(async () => {
  stack = await startStack({ storageDir: dir.path });
});
afterEach(() => (sse.closeAll(), ws.closeAll()));
afterAll(async () => {
  await stack?.close();
  dir.remove();
});

const url = (path: string) => `${stack.server.url}${path}`;
const dm = (userId: string, content: string) => dmBot(stack.sim, userId, content).then((m) => m.content);
const isFor = (event: string, userId: string) => (m: SseMessage) => m.event === event && m.json().user_id === userId;

async function lanyard(init: object): Promise<{ socket: WsClient; state: any }> {
  const socket = await ws.open(`${stack.server.url.replace("http", "ws")}/socket`);
  await socket.until((m) => m.op === 1);
  socket.send({ op: 2, d: init });
  return { socket, state: (await socket.until((m) => m.t === "INIT_STATE")).d };
}

/** A change of `userId` everyone follows, to prove by ordering that nothing came before it. */
async function marker(all: SseClient, userId: string, name: string) {
  stack.sim.setPresence(userId, { status: "online", activities: [{ name, type: 0 }], client_status: { desktop: "online" } });
  return all.until((m) => m.event === "presence" && m.json().activities?.[0]?.name === name);
}

/** Every route a user's presence is served on, with its status. */
async function routes(userId: string) {
  const paths = [`/v1/users/${userId}`, `/v1/presence/${userId}`, `/user/${userId}`, `/activity/${userId}`, `/v1/${userId}`, `/${userId}.png`];
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, (await fetch(url(p))).status])));
}

describe("CONSENT=guild: .optout and .optin", () => {
  it(".optout removes the user on every route and transport at once; .optin serves the latest presence", async () => {
    const served = await routes(MOON);
    expect(Object.values(served)).toEqual([200, 200, 200, 200, 200, 200]);
    const one = await sse.open(url(`/v1/users/${MOON}/events`));
    const multi = await sse.open(url(`/v1/events?ids=${MOON},${CODER}`));
    const all = await sse.open(url("/v1/events?all=true"));
    for (const s of [one, multi, all]) expect((await s.next()).event).toBe("init");
    const everyone = await lanyard({ subscribe_to_all: true });
    expect(Object.keys(everyone.state)).toContain(MOON);
    const liveCard = await fetch(url(`/cards/${MOON}.svg`));

    expect(await dm(MOON, ".optout")).toMatch(/^:white_check_mark: Opted out/);
    // Confirmed after the removal was applied: every stream has it already or gets it next.
    await Promise.all([one.until((m) => m.event === "remove"), multi.until(isFor("remove", MOON)), all.until(isFor("remove", MOON))]);
    expect(Object.values(await routes(MOON))).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await stack.get(`/v1/users/${MOON}`)).body.error.code).toBe("user_not_monitored");
    expect((await stack.get(`/v1/${MOON}/in_server`)).body).toEqual({ user_id: MOON, in_server: false });
    expect(JSON.stringify((await stack.get("/playground/users")).body)).not.toContain(MOON);
    expect((await stack.get("/metrics")).body).not.toContain(MOON);
    expect(Object.keys((await lanyard({ subscribe_to_all: true })).state)).not.toContain(MOON);
    expect((await lanyard({ subscribe_to_id: MOON })).state).toEqual({});
    // The card is the error card a never-seen user gets (short cache), not the live one.
    const card = await fetch(url(`/cards/${MOON}.svg`));
    const unknown = await fetch(url(`/cards/${NEVER}.svg`));
    expect(card.headers.get("cache-control")).toBe(unknown.headers.get("cache-control"));
    expect(card.headers.get("cache-control")).not.toBe(liveCard.headers.get("cache-control"));
    expect((await fetch(url(`/v1/users/${MOON}/events`))).status).toBe(404);

    // Changes while opted out reach nobody: the next change of another user comes first.
    stack.sim.setPresence(MOON, { status: "dnd", activities: [{ name: "While opted out", type: 0 }] });
    await marker(all, CODER, "after the opt-out");
    await everyone.socket.until((m) => m.t === "PRESENCE_UPDATE" && m.d.user_id === CODER && m.d.activities[0]?.name === "after the opt-out");
    const afterRemove = all.events.slice(all.events.findIndex(isFor("remove", MOON)) + 1);
    expect(afterRemove.some((m) => m.data.includes(MOON))).toBe(false);
    expect(multi.events.filter((m) => m.data.includes(MOON)).map((m) => m.event)).toEqual(["init", "remove"]);

    expect(await dm(MOON, ".optin")).toMatch(/^:white_check_mark: Opted in/);
    const back = await all.until(isFor("presence", MOON));
    expect(back.json().activities[0].name).toBe("While opted out");
    expect((await stack.get(`/v1/users/${MOON}`)).body.data.discord_status).toBe("dnd");
    expect((await multi.until(isFor("presence", MOON))).json().discord_status).toBe("dnd");
  });

  it("the originoid socket of an opted-out user sends spotify: null, the Grux socket closes with 4011", async () => {
    const MOBILE = PERSONAS.mobile.id;
    const base = stack.server.url.replace("http", "ws");
    const originoid = await ws.open(`${base}/ws/v1/${MOBILE}`);
    expect((await originoid.next()).spotify).not.toBeNull();
    const grux = await ws.open(`${base}/?user_id=${MOBILE}`);
    expect((await grux.next()).op).toBe("initial_data");
    await dm(MOBILE, ".optout");
    expect((await originoid.next()).spotify).toBeNull();
    expect(await grux.closed).toEqual({ code: 4011, reason: "user_not_monitored" });
    await dm(MOBILE, ".optin");
    expect((await originoid.next()).spotify).not.toBeNull();
  });

  it("an SSE stream resuming from before an opt-out hears only the removal, not the change before it", async () => {
    const all = await sse.open(url("/v1/events?all=true"));
    const from = (await all.next()).id;
    const one = await sse.open(url(`/v1/users/${GAMER}/events`));
    const version = (await one.next()).id;
    stack.sim.setPresence(GAMER, { status: "online", activities: [{ name: "Secret game", type: 0 }] });
    await Promise.all([all.until(isFor("presence", GAMER)), one.until((m) => m.event === "presence")]);
    all.close();
    one.close();

    await dm(GAMER, ".optout");
    const again = await sse.open(url("/v1/events?all=true"), { "last-event-id": from });
    await again.until(isFor("remove", GAMER));
    expect(again.events.some((m) => m.data.includes("Secret game"))).toBe(false);
    const user = await sse.open(url(`/v1/users/${GAMER}/events`), { "last-event-id": version });
    expect((await user.next()).event).toBe("remove");
    await dm(GAMER, ".optin");
  });

  it(".help lists the consent commands; they answer in DMs only and refuse arguments", async () => {
    const help = await dm(CODER, ".help");
    for (const command of [".optout", ".optin", ".forget", ".apikey"]) expect(help).toContain(command);
    const described = (await stack.get("/openapi.json")).body.paths["/"].get.description;
    for (const word of ["`guild`", "`role`", "`opt-in`", "`.optout`", "`.forget`"]) expect(described).toContain(word);
    expect(await dm(CODER, ".optout now")).toBe(":x: Usage: `.optout` (no arguments)");
    expect(await dm(CODER, ".FORGET me")).toBe(":x: Usage: `.forget` (no arguments)");
    expect((await stack.get(`/v1/users/${CODER}`)).status).toBe(200);
  });
});

describe("CONSENT=guild: .forget", () => {
  it("deletes every stored trace of the user (listing storage), revokes the API key, and opts out", async () => {
    const key = /`(pk_[0-9a-f]{32})`/.exec(await dm(SPOTIFY, ".apikey"))![1];
    expect(await dm(SPOTIFY, ".set song Carry on")).toContain("`song` set");
    expect((await fetch(url(`/cards/${SPOTIFY}.png`))).status).toBe(200);
    const before = stack.server.hub.get(SPOTIFY)!.version;
    await stack.server.hub.flush();
    // The check below can fail: the user is in storage now (record, key, cached avatar).
    expect(filesNaming(dir.path, SPOTIFY).length).toBeGreaterThanOrEqual(3);

    const one = await sse.open(url(`/v1/users/${SPOTIFY}/events`));
    await one.next();
    expect(await dm(SPOTIFY, ".forget")).toMatch(/^:white_check_mark: Forgotten: .*cached image/);
    await one.until((m) => m.event === "remove");
    await stack.server.hub.flush();
    expect(filesNaming(dir.path, SPOTIFY)).toEqual([]);
    expect((await stack.get(`/v1/users/${SPOTIFY}`)).status).toBe(404);
    const put = await fetch(url("/v1/users/@me/kv/x"), { method: "PUT", headers: { authorization: key }, body: "y" });
    expect(put.status).toBe(401);

    // Still opted out; `.optin` serves them at once (name included), afresh, after the old versions.
    expect(await dm(SPOTIFY, ".kv")).toMatch(/not being monitored/);
    expect(filesNaming(dir.path, SPOTIFY)).toEqual([]);
    expect(await dm(SPOTIFY, ".optin")).toMatch(/Opted in/);
    const back = stack.server.hub.get(SPOTIFY)!;
    expect(back.version).toBeGreaterThan(before + 1);
    expect(back.presence).toMatchObject({ kv: {}, discord_user: { username: stack.sim.member(SPOTIFY)!.username } });
    expect(back.presence.discord_status).toBe(stack.sim.presence(SPOTIFY)!.status);
  });
});
