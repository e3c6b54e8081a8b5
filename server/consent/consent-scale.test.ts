// Consent with ROLE=gateway + ROLE=api over a real redis-server: the gateway decides and stores,
// api processes follow, also across a Redis restart and for an api process started afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { dmBot } from "../_test/dm.ts";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import { spawnServer, splitStackEnv, type ServerProcess } from "../_test/processes.ts";
import { sseClients } from "../_test/sse-client.ts";
import { createSimulator, PERSONAS, type Simulator } from "../simulator/index.ts";

const { moon: { id: MOON }, coder: { id: CODER }, gamer: { id: GAMER } } = PERSONAS;

describe("consent over Redis: ROLE=gateway + ROLE=api", () => {
  let redis: RedisServer;
  let sim: Simulator;
  let env: Record<string, string>;
  const procs: ServerProcess[] = [];
  const sse = sseClients();
  afterEach(() => sse.closeAll());

  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedis(), createSimulator({ personas: true, script: false })]);
    env = splitStackEnv(redis.url, sim);
    procs.push(...(await Promise.all([spawnServer({ ...env, ROLE: "gateway" }), spawnServer({ ...env, ROLE: "api" })])));
    await Promise.all(procs.map((p) => p.waitFor(/gateway ready/)));
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await sim?.close();
    await redis?.close();
  });

  const status = async (base: string, id: string) => (await fetch(`${base}/v1/users/${id}`)).status;
  const dm = (id: string, text: string) => dmBot(sim, id, text).then((m) => m.content);

  it(".optout on the gateway removes the user on the api at once, and it holds across a Redis restart", async () => {
    const api = procs[1].url;
    const one = await sse.open(`${api}/v1/users/${MOON}/events`);
    const all = await sse.open(`${api}/v1/events?all=true`);
    await Promise.all([one.next(), all.next()]);
    expect(await dm(MOON, ".optout")).toMatch(/Opted out/);
    await one.until((m) => m.event === "remove");
    expect(await status(api, MOON)).toBe(404);

    await redis.stop();
    sim.setPresence(MOON, { status: "dnd", activities: [{ name: "During the outage", type: 0 }] });
    await redis.restart();
    await _eventually(async () => (await fetch(`${procs[0].url}/health`)).status === 200 && (await fetch(`${api}/health`)).status === 200);
    // The api follows the gateway again (a change of another user arrives)…
    const reconnected = await sse.open(`${api}/v1/events?all=true`);
    await reconnected.next();
    sim.setPresence(CODER, { status: "online", activities: [{ name: "after redis", type: 0 }], client_status: { web: "online" } });
    await reconnected.until((m) => m.event === "presence" && m.data.includes("after redis"), 10_000);
    // …and still does not serve the opted-out user, nor does an api process started now.
    expect(await status(api, MOON)).toBe(404);
    const fresh = await spawnServer({ ...env, ROLE: "api" });
    procs.push(fresh);
    await fresh.waitFor(/gateway ready/);
    expect(await status(fresh.url, CODER)).toBe(200);
    expect(await status(fresh.url, MOON)).toBe(404);
    expect(reconnected.events.some((m) => m.data.includes("During the outage"))).toBe(false);

    expect(await dm(MOON, ".optin")).toMatch(/Opted in/);
    expect(await status(api, MOON)).toBe(200);
    expect((await (await fetch(`${fresh.url}/v1/users/${MOON}`)).json()).data.activities[0].name).toBe("During the outage");
  }, 60_000);

  it(".forget leaves no Redis key or value naming the user; the api stops serving them", async () => {
    const api = procs[1].url;
    expect(await dm(GAMER, ".set mood calm")).toContain("set");
    await dm(GAMER, ".apikey");
    expect((await fetch(`${api}/cards/${GAMER}.png`)).status).toBe(200);
    const direct = createStorage({ driver: redisDriver({ url: redis.url }) });
    const naming = async () => {
      const out: string[] = [];
      for (const key of await direct.getKeys()) {
        const value = JSON.stringify(await direct.getItem(key));
        if (key.includes(GAMER) || value.includes(GAMER)) out.push(key);
      }
      return out;
    };
    try {
      expect((await naming()).length).toBeGreaterThanOrEqual(2); // the record and the key at least
      const one = await sse.open(`${api}/v1/users/${GAMER}/events`);
      await one.next();
      expect(await dm(GAMER, ".forget")).toMatch(/Forgotten/);
      await one.until((m) => m.event === "remove");
      expect(await status(api, GAMER)).toBe(404);
      expect(await naming()).toEqual([]);
    } finally {
      await direct.dispose();
    }
  }, 30_000);
});

// --- internal ---

/** Polls `probe` until it returns something truthy (bounded): for states no event announces. */
async function _eventually(probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
