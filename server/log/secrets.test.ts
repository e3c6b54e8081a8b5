// Secrets never reach the log of a real server process, at the most verbose level, in both
// formats, with the request log on: not the bot token (accepted or rejected), not an API key sent
// in a header or a query, not a Redis password.
import { afterEach, expect, it } from "vitest";
import { runServerToExit, spawnServer, type ServerProcess } from "../_test/processes.ts";
import { createSimulator, type Simulator } from "../simulator/index.ts";

const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678";
const WRONG = "OTg3NjU0MzIxMDk4NzY1NDMy.ZyXwVu.tSrQpOnMlKjIhGfEdCbA987654321";
const KEY = "pk_0123456789abcdef0123456789abcdef";

const open: Array<ServerProcess | Simulator> = [];
// SIGKILL for what is still running; the accepted-token server was stopped by the test.
afterEach(async () => {
  for (const p of open.splice(0).reverse()) await ("stop" in p ? p.stop("SIGKILL") : p.close());
});

it.each(["json", "pretty"])("LOG_FORMAT=%s, LOG_LEVEL=trace, LOG_REQUESTS=true: no token, key or password in any line", async (format) => {
  const sim = await createSimulator({ script: false, token: TOKEN });
  open.push(sim);
  const env = { STORAGE: "memory", LOG_LEVEL: "trace", LOG_FORMAT: format, LOG_REQUESTS: "true", DISCORD_API_URL: sim.apiUrl };
  // An accepted token, a rejected one (Lanyard's BOT_TOKEN name), then an unreachable Redis whose
  // URL carries a password: one after the other, as three starts at once overload a small machine.
  const good = await spawnServer({ ...env, DISCORD_TOKEN: TOKEN });
  open.push(good);
  await good.waitFor(/gateway ready/);
  await fetch(`${good.url}/v1/users/@me`, { headers: { authorization: KEY } });
  await fetch(`${good.url}/v1/users/1?key=${KEY}`);
  await good.waitFor(/"path":"\/v1\/users\/1"|request.*path=\/v1\/users\/1/);
  expect(await good.stop("SIGTERM")).toBe(0);
  const bad = await spawnServer({ ...env, BOT_TOKEN: WRONG });
  open.push(bad);
  await bad.waitFor(/rejected DISCORD_TOKEN/);
  const redis = await runServerToExit({ ...env, STORAGE: "redis://:hunter2-password@127.0.0.1:1" });
  expect(redis.code).toBe(1);
  const lines = [...good.lines, ...bad.lines, ...redis.lines].join("\n");
  for (const secret of [TOKEN, WRONG, KEY, "hunter2-password"]) expect(lines).not.toContain(secret);
  expect(lines).toMatch(/redis:\/\/\[redacted\]@127\.0\.0\.1:1/);
}, 120_000);
