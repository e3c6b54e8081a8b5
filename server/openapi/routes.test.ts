// The document against the app itself: every route the real runtime registers is documented (and
// nothing else), a 429 is documented exactly where the rate limiter counts, and every error code
// the README and the document name is one the server has.
import { readFileSync } from "node:fs";
import { H3Event, type H3 } from "h3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGatewayApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { limitKindOf } from "../limits/middleware.ts";
import { createRuntime, type Runtime } from "../runtime.ts";
import type { Json } from "./common.ts";
import { documentedRoutes, openapiDocument } from "./document.ts";

let runtime: Runtime;

beforeAll(async () => {
  // Never started: only the wiring is read, so nothing connects anywhere.
  const env = { DISCORD_TOKEN: "test.bot.token", DISCORD_API_URL: "http://127.0.0.1:9", STORAGE: "memory" };
  runtime = await createRuntime(loadConfig(env, { dotenv: false }), { log: () => {} });
});
afterAll(() => runtime?.close());

describe("routes of the app", () => {
  it("the runtime's app registers exactly the documented routes", () => {
    expect(_registered(runtime.app).sort()).toEqual(documentedRoutes().sort());
  });

  it("a ROLE=gateway process serves only documented routes (/health, /livez, /metrics)", () => {
    const { hub, source, shutdown } = runtime;
    const config = loadConfig({ DISCORD_TOKEN: "t" }, { dotenv: false });
    const gateway = createGatewayApp({ config, hub, source, shutdown });
    // Its `GET /**` is the gateway's 404, as every other method's is.
    const routes = _registered(gateway).filter((route) => route !== "GET /{file}");
    expect(routes.sort()).toEqual(["GET /health", "GET /livez", "GET /metrics"]);
  });
});

describe("429 rate_limited in the document", () => {
  it.each(documentedRoutes())("%s documents 429 exactly when a budget counts it", (route) => {
    const [method, path] = route.split(" ") as [string, string];
    const op = _operation(route);
    // WebSocket routes (101) are asked for with an upgrade, which the socket budget counts.
    const upgrade = "101" in (op.responses as Json) ? { upgrade: "websocket" } : undefined;
    const concrete = path.replace("{id}", "293673602384003625").replace("{file}", "x.png").replace("{key}", "k");
    const event = new H3Event(new Request(`http://127.0.0.1${concrete}`, { method, headers: upgrade }));
    expect("429" in (op.responses as Json)).toBe(limitKindOf(event) !== undefined);
  });

  it("the 429 response requires Retry-After and the RateLimit-* headers and is the envelope", () => {
    const response = openapiDocument.components.responses.RateLimited as { headers: Record<string, Json> };
    for (const name of ["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]) {
      expect(response.headers[name]?.required).toBe(true);
    }
    expect(JSON.stringify(response)).toContain("#/components/schemas/ErrorEnvelope");
  });
});

describe("error codes", () => {
  const codes = (openapiDocument.components.schemas.ErrorCode as { enum: string[] }).enum;

  it("every code of the README's Errors table is in the document's ErrorCode enum", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf("\n## Errors");
    const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
    const table = [...section.matchAll(/^\| \d{3} \| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
    expect(table.length).toBeGreaterThan(10);
    expect(table.filter((code) => !codes.includes(code))).toEqual([]);
  });

  it("every code an error response of the document names is in the enum", () => {
    const named = new Set<string>();
    const responses = [
      ...Object.values(openapiDocument.paths).flatMap((item) =>
        Object.values(item as Record<string, Json>).flatMap((op) => Object.values(op.responses as Json)),
      ),
      ...Object.values(openapiDocument.components.responses),
    ] as Json[];
    for (const response of responses) {
      if (!/Error(Envelope)?"/.test(JSON.stringify(response.content ?? {}))) continue;
      for (const m of String(response.description).matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((code) => !codes.includes(code))).toEqual([]);
  });
});

// --- internal ---

function _operation(route: string): Json {
  const [method, path] = route.split(" ") as [string, string];
  return (openapiDocument.paths[path] as Record<string, Json>)[method.toLowerCase()]!;
}

/** `METHOD /path/{param}` of every route of an h3 app, as the document names them. */
function _registered(app: H3): string[] {
  const out: string[] = [];
  for (const { method, route } of app["~routes"]) {
    // `/**` of every method but GET and HEAD is the 404 fallback (server/routes/catch-all.ts);
    // quicklinks' `GET /**` serves `/<id>.png` and the like. `/cards/**` answers deeper card paths
    // with the same error card as `/cards/{file}`.
    if (!method || !route || route === "/cards/**" || (route === "/**" && method !== "GET")) continue;
    const path = route === "/**" ? "/{file}" : route.replace(/:(\w+)/g, "{$1}");
    out.push(`${method} ${path}`);
  }
  return out;
}
