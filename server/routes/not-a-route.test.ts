// Every documented route without its id (empty-id and trailing-slash forms) is not a route, and
// answers Lanyard's 404 not_found envelope whichever dialect's route it resembles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { documentedRoutes } from "../openapi/document.ts";
import { createRuntime, type Runtime } from "../runtime.ts";

let runtime: Runtime;

beforeAll(async () => {
  // Never started: only the routes are asked, so nothing connects anywhere.
  const env = { DISCORD_TOKEN: "test.bot.token", DISCORD_API_URL: "http://127.0.0.1:9", STORAGE: "memory" };
  runtime = await createRuntime(loadConfig(env, { dotenv: false }), { log: () => {} });
});
afterAll(() => runtime?.close());

describe("paths that are not routes", () => {
  const cases = _notRoutes();

  it("the documented routes give forms to check (the list is not empty by accident)", () => {
    expect(cases.map((c) => c.join(" "))).toEqual(expect.arrayContaining(["GET /v1/users/", "GET /v1/presence"]));
    expect(cases.length).toBeGreaterThan(25);
  });

  it.each(cases)("%s %s answers 404 not_found in Lanyard's envelope", async (method, path) => {
    const res = await runtime.app.request(path, { method });
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toEqual({ success: false, error: { code: "not_found", message: "Route does not exist" } });
  });

  it("a snowflake under /v1/ is still originoid's route (the guard only takes route names)", async () => {
    const res = await runtime.app.request("/v1/293673602384003625");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.objectContaining({ code: "user_not_monitored" }) });
  });
});

// --- internal ---

/**
 * For each documented route with a parameter: the path with every parameter empty
 * (`/v1/users//events`), and the part before the first parameter with and without its slash
 * (`/v1/users/`, `/v1/users`). Forms that are themselves documented routes (`/`) are left out.
 */
function _notRoutes(): [string, string][] {
  const routes = documentedRoutes();
  const documented = new Set(routes.map((r) => r.split(" ")[1]));
  const out = new Map<string, [string, string]>();
  for (const route of routes) {
    const [method, path] = route.split(" ") as [string, string];
    if (!path.includes("{")) continue;
    const prefix = path.slice(0, path.indexOf("{"));
    for (const form of [path.replace(/\{\w+\}/g, ""), prefix, prefix.replace(/\/$/, "")]) {
      if (form === "" || documented.has(form)) continue;
      out.set(`${method} ${form}`, [method, form]);
    }
  }
  // The originoid suffix without its id reads like `/v1/:id` too.
  out.set("GET /v1/in_server", ["GET", "/v1/in_server"]);
  return [...out.values()];
}
