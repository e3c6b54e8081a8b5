import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type Simulator } from "./index.ts";

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${sim!.apiUrl}${path}`, init);
  expect(res.headers.get("content-type")).toBe("application/json");
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

describe("REST", () => {
  it("answers /gateway/bot and /gateway with the gateway URL", async () => {
    sim = await createSimulator({ shards: 3 });
    expect(await get("/v10/gateway/bot")).toEqual({
      status: 200,
      body: {
        url: sim.gatewayUrl,
        shards: 3,
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      },
    });
    expect((await get("/v10/gateway")).body).toEqual({ url: sim.gatewayUrl });
    expect(sim.gatewayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers users, applications and guilds with Discord's shapes and error codes", async () => {
    sim = await createSimulator();
    const guildId = sim.guildIds[0];
    expect((await get("/v10/users/@me")).body).toEqual(sim.bot);
    expect((await get("/v10/applications/@me")).body).toMatchObject({ id: sim.bot.id });
    expect((await get(`/v10/users/${PERSONAS.spotify.id}`)).body).toEqual(PERSONAS.spotify.user);
    expect(await get("/v10/users/1")).toEqual({
      status: 404,
      body: { message: "Unknown User", code: 10013 },
    });
    expect((await get(`/v10/guilds/${guildId}?with_counts=true`)).body).toMatchObject({
      id: guildId,
      approximate_member_count: 9, // 8 personas + the bot
      approximate_presence_count: 8, // the bot's own presence is not simulated
    });
    expect((await get("/v10/guilds/1")).body).toEqual({ message: "Unknown Guild", code: 10004 });
    const member = await get(`/v10/guilds/${guildId}/members/${PERSONAS.moon.id}`);
    expect(member.body).toMatchObject({ user: { username: "noctis" }, roles: [], deaf: false });
    expect((await get(`/v10/guilds/${guildId}/members/1`)).body.code).toBe(10007);
    expect(await get("/v10/nope")).toEqual({
      status: 404,
      body: { message: "404: Not Found", code: 0 },
    });
  });

  it("pages guild members by id with limit and after", async () => {
    sim = await createSimulator({ personas: false, members: 5 });
    const guildId = sim.guildIds[0];
    const first = (await get(`/v10/guilds/${guildId}/members?limit=3`)).body;
    expect(first).toHaveLength(3);
    const last = first[2].user.id;
    const rest = (await get(`/v10/guilds/${guildId}/members?limit=1000&after=${last}`)).body;
    expect(rest).toHaveLength(3);
    const ids = [...first, ...rest].map((m: any) => BigInt(m.user.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("checks the token when one is configured, and records every hit", async () => {
    sim = await createSimulator({ token: "secret" });
    expect(await get("/v10/users/@me")).toEqual({
      status: 401,
      body: { message: "401: Unauthorized", code: 0 },
    });
    const ok = await get("/v10/users/@me", { headers: { authorization: "Bot secret" } });
    expect(ok.status).toBe(200);
    expect(sim.stats.rest.map((r) => r.status)).toEqual([401, 200]);
  });

  it("answers HEAD without a body, OPTIONS with 204 and other methods with 405", async () => {
    sim = await createSimulator();
    const head = await fetch(`${sim.apiUrl}/v10/gateway/bot`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const options = await fetch(`${sim.apiUrl}/v10/gateway/bot`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect((await get("/v10/users/@me", { method: "POST" })).status).toBe(405);
  });
});
