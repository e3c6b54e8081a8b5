// GET /health against HealthResponse in every shape the code returns: with gateway shards, and on
// ROLE=gateway and ROLE=api processes joined over a real redis-server (the cluster block).
import { afterAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import { responseMismatches } from "./_test/responses.ts";

const stacks: Stack[] = [];
let redis: RedisServer | undefined;
afterAll(async () => {
  for (const stack of stacks.splice(0).reverse()) await stack.close();
  await redis?.close();
});

async function health(stack: Stack) {
  const res = await stack.get("/health");
  expect(responseMismatches("GET /health", res)).toEqual([]);
  return res;
}

describe("GET /health", () => {
  it("lists each gateway shard (two simulator shards, SHARD_COUNT=auto)", async () => {
    const sim = { guilds: 2, shards: 2, members: 4 };
    const stack = await startStack({ sim, env: { SHARD_COUNT: "auto" } });
    stacks.push(stack);
    const { status, body } = await health(stack);
    expect(status).toBe(200);
    expect(body.data.gateway.shards).toEqual([
      { id: 0, state: "ready" },
      { id: 1, state: "ready" },
    ]);
  });

  it("on ROLE=gateway and ROLE=api over Redis shows the cluster block", async () => {
    redis = await startRedis();
    const gateway = await startStack({ env: { STORAGE: redis.url, ROLE: "gateway" } });
    stacks.push(gateway);
    // The api's source is ready once a gateway heartbeat says so.
    const api = await startStack({ env: { STORAGE: redis.url, ROLE: "api" } });
    stacks.push(api);
    const fromGateway = await health(gateway);
    expect(fromGateway.status).toBe(200);
    const connected = { bus: "connected", storage: "connected" };
    expect(fromGateway.body.data.cluster).toEqual({ role: "gateway", ...connected });
    const fromApi = await health(api);
    expect(fromApi.status).toBe(200);
    expect(fromApi.body.data.gateway.source).toBe("bus");
    expect(fromApi.body.data.cluster).toMatchObject({ role: "api", ...connected });
    expect(fromApi.body.data.cluster.gateway_heartbeat_age_ms).toBeTypeOf("number");
  });

  it("is 503 with the same schema while the gateway is away (the simulator closed)", async () => {
    const stack = stacks[0]!;
    await stack.sim.close();
    // The state is read on each request and no event says "reconnecting": poll until it does.
    let res = await health(stack);
    for (const end = Date.now() + 5000; res.status === 200 && Date.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res = await health(stack);
    }
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ success: false, data: { status: "degraded" } });
    expect(res.body.data.gateway.state).not.toBe("ready");
  });
});
