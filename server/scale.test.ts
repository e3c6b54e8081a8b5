// Scale-out end to end: a real redis-server, the Discord simulator, and two real server processes
// (ROLE=gateway running discord.js, ROLE=api serving clients), configured only by environment.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { startRedis, type RedisServer } from "./_test/redis.ts";
import { runServerToExit, spawnServer, splitStackEnv, type ServerProcess } from "./_test/processes.ts";
import { sseClients } from "./_test/sse-client.ts";
import { wsClients } from "./_test/ws-client.ts";
import { createSimulator, PERSONAS, type Simulator } from "./simulator/index.ts";
import { dmBot } from "./_test/dm.ts";

const CODER = PERSONAS.coder.id;
const MOON = PERSONAS.moon.id;
const GAMER = PERSONAS.gamer.id;

describe("scale-out: ROLE=gateway + ROLE=api over Redis", () => {
  let redis: RedisServer;
  let sim: Simulator;
  let gateway: ServerProcess;
  let api: ServerProcess;
  const sse = sseClients();
  const ws = wsClients();
  afterEach(() => (sse.closeAll(), ws.closeAll()));

  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedis(), createSimulator({ personas: true, script: false })]);
    const env = splitStackEnv(redis.url, sim);
    [gateway, api] = await Promise.all([spawnServer({ ...env, ROLE: "gateway" }), spawnServer({ ...env, ROLE: "api" })]);
    // The api logs "gateway ready" once the gateway's heartbeat says so.
    await Promise.all([gateway.waitFor(/gateway ready/), api.waitFor(/gateway ready/)]);
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop("SIGKILL"), api?.stop("SIGKILL")]);
    await sim?.close();
    await redis?.close();
  });

  const json = async (url: string, init?: RequestInit) => {
    const res = await fetch(url, init);
    return { status: res.status, body: await res.json().catch(() => null) };
  };

  /** `userId` DMs the bot (served by the gateway process); resolves with the reply. */
  const dm = (userId: string, content: string) => dmBot(sim, userId, content);

  const apiKey = async (userId: string) => /`(pk_[0-9a-f]{32})`/.exec((await dm(userId, ".apikey")).content)![1];

  it("splits the routes: the gateway serves /health only, the api everything, both report the cluster", async () => {
    const g = await json(`${gateway.url}/health`);
    expect(g.status).toBe(200);
    expect(g.body.data.cluster).toMatchObject({ role: "gateway", bus: "connected", storage: "connected" });
    expect((await json(`${gateway.url}/v1/users/${CODER}`)).status).toBe(404);
    const a = await json(`${api.url}/health`);
    expect(a.status).toBe(200);
    expect(a.body.data.gateway).toMatchObject({ source: "bus", state: "ready", members: g.body.data.gateway.members });
    expect(a.body.data.cluster).toMatchObject({ role: "api", bus: "connected", storage: "connected" });
    expect(a.body.data.cluster.gateway_heartbeat_age_ms).toBeLessThan(6000);
    expect(a.body.data.monitored_users).toBe(g.body.data.monitored_users);
    expect((await json(`${api.url}/v1/users/${CODER}`)).body.data.discord_user.id).toBe(CODER);
  });

  it("a simulator update reaches an SSE and a WebSocket subscriber of the api process", async () => {
    const stream = await sse.open(`${api.url}/v1/users/${CODER}/events`);
    expect((await stream.next()).event).toBe("init");
    const socket = await ws.open(`${api.url.replace("http", "ws")}/socket`);
    await socket.until((m) => m.op === 1);
    socket.send({ op: 2, d: { subscribe_to_id: CODER } });
    await socket.until((m) => m.t === "INIT_STATE");
    sim.setPresence(CODER, {
      status: "online",
      client_status: { web: "online" },
      activities: [{ name: "Visual Studio Code", type: 0, details: "Editing scale.ts" }],
    });
    const [viaSse, viaWs] = await Promise.all([
      stream.until((m) => m.event === "presence"),
      socket.until((m) => m.t === "PRESENCE_UPDATE"),
    ]);
    expect(viaSse.json().activities[0].details).toBe("Editing scale.ts");
    expect(viaWs.d.activities[0].details).toBe("Editing scale.ts");
    expect((await json(`${api.url}/v1/users/${CODER}`)).body.data.activities[0].details).toBe("Editing scale.ts");
  });

  it("KV: a PUT on the api is stored by the gateway (its bot reads it); a bot .set reaches api subscribers", async () => {
    const key = await apiKey(MOON);
    const stream = await sse.open(`${api.url}/v1/users/${MOON}/events`);
    await stream.next();
    const put = await fetch(`${api.url}/v1/users/@me/kv/mood`, { method: "PUT", headers: { authorization: key }, body: "calm" });
    expect(put.status).toBe(204);
    // Read-your-writes on the api: the change came over the bus before the acknowledgement.
    expect((await json(`${api.url}/v1/users/${MOON}`)).body.data.kv.mood).toBe("calm");
    expect((await stream.until((m) => m.event === "presence")).json().kv.mood).toBe("calm");
    expect((await dm(MOON, ".get mood")).content).toContain("calm");
    expect((await dm(MOON, ".set song Carry on")).content).toContain("`song` set");
    expect((await stream.until((m) => m.event === "presence")).json().kv).toEqual({ mood: "calm", song: "Carry on" });
    // Refusals come back from the gateway with their status, code and message.
    const bad = await json(`${api.url}/v1/users/@me/kv/bad-key`, { method: "PUT", headers: { authorization: key }, body: "x" });
    expect(bad).toMatchObject({ status: 404, body: { error: { code: "kv_validation_failed" } } });
  });

  it("keeps the 512-pair limit across processes under concurrent PATCHes and bot .sets", async () => {
    const key = await apiKey(GAMER);
    const fill = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, "v"]));
    const patch = (body: object) =>
      fetch(`${api.url}/v1/users/@me/kv`, { method: "PATCH", headers: { authorization: key }, body: JSON.stringify(body) })
        .then((r) => r.status);
    expect(await patch(fill)).toBe(204);
    const [patches, sets] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => patch({ [`p${i}a`]: "1", [`p${i}b`]: "1" }))),
      Promise.all(Array.from({ length: 10 }, (_, i) => dm(GAMER, `.set s${i} 1`))),
    ]);
    const added = patches.filter((s) => s === 204).length * 2 + sets.filter((m) => /set/.test(m.content) && !/:x:/.test(m.content)).length;
    const kv = (await json(`${api.url}/v1/users/${GAMER}`)).body.data.kv;
    expect(Object.keys(kv).length).toBe(500 + added);
    expect(Object.keys(kv).length).toBeLessThanOrEqual(512);
    expect(500 + added).toBeGreaterThan(508); // the limit was reached, not avoided
    expect(patches.filter((s) => s !== 204).every((s) => s === 404)).toBe(true);
  });

  it("survives a Redis restart during traffic: no acknowledged KV lost, subscribers converge", async () => {
    const key = await apiKey(CODER);
    const stream = await sse.open(`${api.url}/v1/users/${CODER}/events`);
    await stream.next();
    const acked = new Map<string, string>();
    let n = 0;
    const write = async () => {
      const k = `w${n++}`;
      const res = await fetch(`${api.url}/v1/users/@me/kv/${k}`, { method: "PUT", headers: { authorization: key }, body: k })
        .catch(() => undefined);
      if (res?.status === 204) acked.set(k, k);
      else expect(res?.status).toBe(503);
    };
    const edit = (i: number) => sim.setPresence(CODER, {
      status: "online",
      client_status: { web: "online" },
      activities: [{ name: "Visual Studio Code", type: 0, details: `Outage ${i}` }],
    });
    for (let i = 0; i < 5; i++) (edit(i), await write());
    await redis.stop();
    for (let i = 5; i < 10; i++) (edit(i), await write());
    await redis.restart();
    // Both processes notice on their own; poll their health (no event crosses the process line).
    await _eventually(async () => {
      const [g, a] = await Promise.all([json(`${gateway.url}/health`), json(`${api.url}/health`)]);
      return g.status === 200 && a.status === 200;
    });
    // What changed while Redis was away reaches the api (caught up from storage, not the bus).
    await stream.until((m) => m.event === "presence" && m.json().activities[0]?.details === "Outage 9", 10_000);
    for (let i = 10; i < 13; i++) (edit(i), await write());
    // The open stream converges to the latest state…
    await stream.until((m) => m.event === "presence" && m.json().activities[0]?.details === "Outage 12", 10_000);
    // …and so does a stream that reconnects with Last-Event-ID.
    const again = await sse.open(`${api.url}/v1/users/${CODER}/events`, { "last-event-id": stream.lastEventId });
    const resumed = await _eventually(async () => (await json(`${api.url}/v1/users/${CODER}`)).body.data);
    expect(resumed.activities[0].details).toBe("Outage 12");
    sim.setPresence(CODER, { status: "online", client_status: { web: "online" }, activities: [] });
    expect((await again.until((m) => m.event === "presence")).json().activities).toEqual([]);
    const kv = resumed.kv;
    for (const [k, v] of acked) expect(kv[k]).toBe(v);
    expect(acked.size).toBeGreaterThanOrEqual(8); // the writes before and after the outage
    // What Redis itself holds, read by a fresh client.
    const direct = createStorage({ driver: redisDriver({ url: redis.url, base: "pk" }) });
    const record = await direct.getItem<{ state: { kv: Record<string, string> } }>(`users:${CODER}`);
    await direct.dispose();
    for (const [k, v] of acked) expect(record!.state.kv[k]).toBe(v);
  }, 30_000);

  it("shuts both roles down gracefully on SIGTERM", async () => {
    expect(await Promise.all([api.stop("SIGTERM"), gateway.stop("SIGTERM")])).toEqual([0, 0]);
  });
});

// --- internal ---

/** Polls `probe` until it returns something truthy (bounded): for states no event announces. */
async function _eventually<T>(probe: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("scale-out: start-up", () => {
  it("stops with one line naming STORAGE when Redis is unreachable", async () => {
    const redis = await startRedis();
    const url = redis.url;
    await redis.close(); // a port where nothing listens now
    for (const role of ["api", "gateway"]) {
      const { code, lines } = await runServerToExit({ STORAGE: url, ROLE: role, DISCORD_TOKEN: "t", DISCORD_API_URL: "http://127.0.0.1:9/api" });
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`could not start: STORAGE=${url}: Redis is not reachable \\(.*ECONNREFUSED`));
    }
  });
});
