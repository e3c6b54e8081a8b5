// KV writes during a Redis outage (ROLE=all, STORAGE=redis://, a real redis-server): a write in
// flight when Redis dies is answered 503 at once, never acknowledged late by the restarted server.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { startRedis, type RedisServer } from "../_test/redis.ts";
import { PERSONAS } from "../simulator/index.ts";

const alice = PERSONAS.moon.id;

describe("KV writes during a Redis outage", () => {
  let redis: RedisServer;
  let stack: Stack;
  let key: string;
  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ env: { STORAGE: redis.url } });
    key = await stack.server.keys.issue(alice);
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.close();
  });

  const put = (k: string, value: string) =>
    fetch(`${stack.server.url}/v1/users/@me/kv/${k}`, { method: "PUT", body: value, headers: { authorization: key } });

  it("a write in flight when Redis dies answers 503, and is not run by the restarted Redis", async () => {
    expect((await put("before", "1")).status).toBe(204);
    // Hold writes inside Redis, so the PUT's SET is sent but not answered when the server stops.
    const admin = new Redis(redis.url, { lazyConnect: true });
    await admin.connect();
    await admin.call("CLIENT", "PAUSE", "10000", "WRITE");
    const answer = put("in_flight", "2");
    await _heldWrite(admin); // the write reached Redis and waits there
    admin.disconnect();
    await redis.kill(); // a crash: the held SET is never run
    // Redis comes back at once, as in a supervised restart: before the fix the SET was re-sent to
    // the new server and the PUT answered 204 seconds late; now it fails when the connection does.
    const restarted = redis.restart();
    const res = await answer;
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("service_unavailable");
    await restarted;
    expect(stack.server.hub.get(alice)!.presence.kv).toEqual({ before: "1" });
    // Once the storage connection is back, writes are acknowledged again.
    await _eventually(async () => (await put("after", "3")).status === 204);
    expect(stack.server.hub.get(alice)!.presence.kv).toEqual({ before: "1", after: "3" });
  }, 20_000);
});

// --- internal ---

/** Resolves once a client's SET is held by CLIENT PAUSE (no event says so: polled, bounded). */
async function _heldWrite(admin: Redis): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const list = String(await admin.call("CLIENT", "LIST"));
    if (/ flags=b .* cmd=set /.test(list)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the PUT's SET never reached Redis");
}

/** Polls `probe` until it is true (bounded): storage reconnection announces nothing to a test. */
async function _eventually(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not reached in time");
}
