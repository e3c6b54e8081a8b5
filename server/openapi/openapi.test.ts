// One conformance suite for every dialect's REST routes, plus every other route of the OpenAPI
// document; the last test checks that each documented route was exercised here.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { openSse } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";
import { shapeMismatches, validate, type DialectRoute } from "./_test/conformance.ts";
import { DIALECTS, PERSONAS, UNKNOWN } from "./_test/dialects.ts";
import { answer, responseMismatches } from "./_test/responses.ts";
import { documentedRoutes } from "./document.ts";

let stack: Stack;
const exercised = new Set<string>();
const clients = wsClients();

beforeAll(async () => {
  stack = await startStack();
});
afterEach(() => clients.closeAll());
afterAll(() => stack?.close());

/** GETs a path, records the documented route it exercises and checks the answer against it. */
async function get(route: string, path: string) {
  exercised.add(route);
  const res = await stack.get(path);
  expect(responseMismatches(route, res)).toEqual([]);
  return res;
}

/** Like {@link get} for any request, keeping the body's text. */
async function request(route: string, path: string, init?: RequestInit) {
  exercised.add(route);
  const res = await answer(await fetch(`${stack.server.url}${path}`, init));
  expect(responseMismatches(route, res)).toEqual([]);
  return res;
}

function conformance(name: string, spec: DialectRoute) {
  describe(`${name} (${spec.route})`, () => {
    it.each(PERSONAS)("persona %s validates and matches the seed's fields", async (id) => {
      const { status, body } = await get(spec.route, spec.path(id));
      expect(status).toBe(200);
      expect(validate(spec.schema, body)).toEqual([]);
      expect(shapeMismatches(body, spec.seed(), spec)).toEqual([]);
    });

    it("the seed example itself validates", () => {
      expect(validate(spec.schema, spec.seed())).toEqual([]);
    });

    it.each([
      ["a malformed id", "not-a-snowflake", spec.badId],
      ["an unknown user", UNKNOWN, spec.unknown],
    ])("answers %s in the dialect's error shape", async (_label, id, expected) => {
      const { status, body } = await get(spec.route, spec.path(id));
      expect(status).toBe(expected.status);
      expect(validate(spec.errorSchema, body)).toEqual([]);
      expect(body.error.code).toBe(expected.code);
    });
  });
}

for (const [name, spec] of Object.entries(DIALECTS)) conformance(name, spec);

describe("route conflicts", () => {
  it("keeps /v1/users/:id (Lanyard), /v1/presence/:id (Tether) and /v1/events (SSE) apart from /v1/:id", async () => {
    const id = PERSONAS[0]!;
    expect(Object.keys((await stack.get(`/v1/users/${id}`)).body.data)).toContain("discord_user");
    expect((await stack.get(`/v1/presence/${id}`)).body.data).toHaveProperty("clients");
    expect((await stack.get(`/v1/${id}`)).body).toHaveProperty("timestamp_ms");
    const sse = await openSse(`${stack.server.url}/v1/events?ids=${id}`);
    exercised.add("GET /v1/events");
    expect(sse.status).toBe(200);
    sse.close();
  });
});

describe("originoid in_server (GET /v1/{id}/in_server)", () => {
  const route = "GET /v1/{id}/in_server";
  it("answers true for a monitored user and false for an unknown one", async () => {
    for (const [id, inServer] of [[PERSONAS[0]!, true], [UNKNOWN, false]] as const) {
      const { status, body } = await get(route, `/v1/${id}/in_server`);
      expect(status).toBe(200);
      expect(validate("OriginoidInServer", body)).toEqual([]);
      expect(body).toEqual({ user_id: id, in_server: inServer });
    }
  });
  it("answers a malformed id with 400 in originoid's error shape", async () => {
    const { status, body } = await get(route, "/v1/abc/in_server");
    expect(status).toBe(400);
    expect(validate("OriginoidError", body)).toEqual([]);
  });
});

describe("Tether socket (/tether/socket)", () => {
  it("subscribes with op 2 subscribe_to_ids and pushes PRESENCE_UPDATE { user_id, data }", async () => {
    exercised.add("GET /tether/socket");
    const id = PERSONAS[3]!;
    const c = await clients.open(`${stack.server.url.replace("http", "ws")}/tether/socket`);
    expect((await c.next()).op).toBe(1);
    c.send({ op: 2, d: { subscribe_to_ids: [id, UNKNOWN, "junk"] } });
    const init = await c.next();
    expect(init).toMatchObject({ op: 0, seq: 1, t: "INIT_STATE" });
    expect(Object.keys(init.d)).toEqual([id]);
    expect(validate("TetherPresence", init.d[id])).toEqual([]);
    const changed = stack.nextChange((ch) => ch.userId === id && ch.presence?.discord_status === "dnd");
    stack.sim.setPresence(id, { status: "dnd", activities: [], client_status: { mobile: "dnd" } });
    await changed;
    const update = await c.until((m) => m.t === "PRESENCE_UPDATE" && m.d.data.status === "dnd");
    expect(update).toMatchObject({ op: 0, seq: 2, d: { user_id: id, data: { clients: { primary: "mobile" } } } });
    expect(validate("TetherPresence", update.d.data)).toEqual([]);
  });

  it("answers a plain GET with 400 upgrade_failed", async () => {
    const { status, body } = await get("GET /tether/socket", "/tether/socket");
    expect(status).toBe(400);
    expect(body.error.code).toBe("upgrade_failed");
  });
});

describe("other WebSocket routes", () => {
  it.each([
    ["GET /socket", "/socket"],
    ["GET /ws/v1/{id}", `/ws/v1/${PERSONAS[0]}`],
    ["GET /", `/?user_id=${PERSONAS[0]}`],
  ])("%s upgrades (101) and sends a first frame", async (route, path) => {
    exercised.add(route);
    const c = await clients.open(`${stack.server.url.replace("http", "ws")}${path}`);
    expect(await c.next()).toBeTypeOf("object");
  });

  it.each([
    ["GET /socket", "/socket"],
    ["GET /ws/v1/{id}", `/ws/v1/${PERSONAS[0]}`],
  ])("%s without an upgrade is the documented 400 upgrade_failed", async (route, path) => {
    const { status, body } = await get(route, path);
    expect(status).toBe(400);
    expect(body.error.code).toBe("upgrade_failed");
  });
});

describe("Lanyard quicklinks (GET /{file})", () => {
  const route = "GET /{file}";
  const user = (id: string) => stack.server.hub.get(id)!.presence.user;

  it("proxies a persona's avatar from the configured CDN with caching headers", async () => {
    const id = PERSONAS[0]!;
    expect(responseMismatches(route, await answer(await fetch(`${stack.server.url}/${id}.png`)))).toEqual([]);
    exercised.add(route);
    const res = await fetch(`${stack.server.url}/${id}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toMatch(/max-age/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    const direct = await fetch(`${stack.sim.cdnUrl}/avatars/${id}/${user(id).avatar}.png?size=1024`);
    expect(bytes.equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
  });

  it("serves .gif of a non-animated avatar and the default avatar for a user without one", async () => {
    const still = PERSONAS.find((id) => user(id).avatar && !user(id).avatar!.startsWith("a_"))!;
    expect((await fetch(`${stack.server.url}/${still}.gif`)).status).toBe(200);
    const plain = PERSONAS.find((id) => !user(id).avatar)!;
    const res = await fetch(`${stack.server.url}/${plain}.webp`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
  });

  it("answers 404 user_not_monitored for an unknown user and not_found for a malformed path", async () => {
    const unknown = await get(route, `/${UNKNOWN}.png`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("user_not_monitored");
    for (const path of ["/a.b.png", "/nothing", `/${PERSONAS[0]}.PNG`]) {
      const res = await stack.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    // A broken percent-escape is the app's usual 400, never a 500.
    expect((await stack.get("/%E0%A4%A.png")).status).toBe(400);
  });
});

describe("cards (GET /cards/{file})", () => {
  it("answers SVG and PNG cards, and errors as cards with HTTP 200", async () => {
    const id = PERSONAS[0]!;
    for (const [path, type] of [
      [`/cards/${id}.svg`, "image/svg+xml; charset=utf-8"],
      [`/cards/${id}.png?card=spotify`, "image/png"],
      [`/cards/${UNKNOWN}.svg`, "image/svg+xml; charset=utf-8"],
    ] as const) {
      const res = await request("GET /cards/{file}", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
    }
  });
  it("GET /api/{id} answers lanyard-profile-readme URLs with SVG cards, errors included", async () => {
    for (const path of [`/api/${PERSONAS[0]}?theme=light&hideStatus=true&hideActivity=whenNotUsed`, `/api/${UNKNOWN}`]) {
      const res = await request("GET /api/{id}", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; img-src * data:; style-src 'unsafe-inline'");
    }
  });
});

describe("service, SSE and KV routes", () => {
  it("GET / and GET /health validate", async () => {
    const root = await get("GET /", "/");
    expect(validate("RootResponse", root.body)).toEqual([]);
    const health = await get("GET /health", "/health");
    expect(health.status).toBe(200);
    expect(validate("HealthResponse", health.body)).toEqual([]);
  });

  it("GET /livez validates, and /, /health, /livez and the document carry package.json's version", async () => {
    const live = await get("GET /livez", "/livez");
    expect(live.status).toBe(200);
    expect(validate("LivenessResponse", live.body)).toEqual([]);
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    const root = await fetch(`${stack.server.url}/`).then((r) => r.json());
    const health = await fetch(`${stack.server.url}/health`).then((r) => r.json());
    const doc = await fetch(`${stack.server.url}/openapi.json`).then((r) => r.json());
    expect([root.data.version, health.data.version, live.body.data.version, doc.info.version]).toEqual(Array(4).fill(version));
  });

  it("GET /v1/users/{id}/events streams text/event-stream", async () => {
    exercised.add("GET /v1/users/{id}/events");
    const sse = await openSse(`${stack.server.url}/v1/users/${PERSONAS[0]}/events`);
    expect(sse.status).toBe(200);
    expect(sse.headers["content-type"]).toMatch(/^text\/event-stream/);
    sse.close();
  });

  it("KV routes and /v1/users/@me refuse a request without an API key", async () => {
    const id = PERSONAS[0]!;
    const calls: [string, string, string][] = [
      ["GET /v1/users/@me", "GET", "/v1/users/@me"],
      ["PUT /v1/users/{id}/kv/{key}", "PUT", `/v1/users/${id}/kv/location`],
      ["PATCH /v1/users/{id}/kv", "PATCH", `/v1/users/${id}/kv`],
      ["DELETE /v1/users/{id}/kv/{key}", "DELETE", `/v1/users/${id}/kv/location`],
    ];
    for (const [route, method, path] of calls) {
      const res = await request(route, path, { method, body: method === "GET" ? undefined : "{}" });
      expect(res.status).toBe(401);
      expect((res.body as any).error.code).toBe("no_permission");
    }
  });

  it("KV with a key: 204 for PUT, PATCH and DELETE, 200 for @me, 413 for a body over 1 MiB", async () => {
    const id = PERSONAS[1]!;
    const auth = { authorization: await stack.server.keys.issue(id) };
    const put = (body: string) => ({ method: "PUT", headers: auth, body });
    expect((await request("PUT /v1/users/{id}/kv/{key}", "/v1/users/@me/kv/where", put("home"))).status).toBe(204);
    const patch = { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body: '{"a":"b"}' };
    expect((await request("PATCH /v1/users/{id}/kv", `/v1/users/${id}/kv`, patch)).status).toBe(204);
    const me = await request("GET /v1/users/@me", "/v1/users/@me", { headers: auth });
    expect((me.body as any).data.kv).toEqual({ where: "home", a: "b" });
    const del = { method: "DELETE", headers: auth };
    expect((await request("DELETE /v1/users/{id}/kv/{key}", "/v1/users/@me/kv/a", del)).status).toBe(204);
    const large = await request("PUT /v1/users/{id}/kv/{key}", "/v1/users/@me/kv/x", put("x".repeat(1024 * 1024 + 1)));
    expect(large.status).toBe(413);
  });

  it("GET /openapi.json is an OpenAPI 3.1 document and GET /docs renders it as HTML", async () => {
    const doc = await get("GET /openapi.json", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    const docs = await request("GET /docs", "/docs");
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    const html = docs.text;
    expect(html).not.toMatch(/<script/);
    expect(html).toContain("<strong>429</strong> <code>rate_limited</code>"); // the shared response, once
    for (const route of documentedRoutes()) expect(html).toContain(route.split(" ")[1]!.replace(/&/g, "&#38;"));
  });
});

describe("presence-kit's own routes", () => {
  const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

  it("GET / answers JSON by default, a browser the playground page (ETag, 304), Vary: Accept", async () => {
    const info = await get("GET /", "/");
    expect(info.headers.get("content-type")).toMatch(/^application\/json/);
    const page = await request("GET /", "/", { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers.get("vary")).toMatch(/accept/i);
    expect(page.text).toMatch(/^<!doctype html>/i);
    const etag = page.headers.get("etag")!;
    const again = await request("GET /", "/", { headers: { ...html, "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("GET /playground/users lists the users; GET /playground/{file}: assets, 304, 404", async () => {
    const users = await get("GET /playground/users", "/playground/users");
    const ids = users.body.data.map((u: { id: string }) => u.id);
    expect(ids.sort()).toEqual([...stack.server.hub.ids()].sort());
    expect(ids).toEqual(expect.arrayContaining(PERSONAS));
    const route = "GET /playground/{file}";
    const script = await request(route, "/playground/playground.js");
    expect(script.status).toBe(200);
    const cached = await request(route, "/playground/playground.js", {
      headers: { "if-none-match": script.headers.get("etag")! },
    });
    expect(cached.status).toBe(304);
    for (const path of ["/playground/missing.js", "/playground/..%2Fpackage.json", "/playground/README.md"]) {
      expect((await request(route, path)).status).toBe(404);
    }
  });

  it("GET and HEAD /widgets.js answer as documented, built (200, 304) or not (404)", async () => {
    const got = await request("GET /widgets.js", "/widgets.js");
    const head = await request("HEAD /widgets.js", "/widgets.js", { method: "HEAD" });
    expect(head.status).toBe(got.status);
    expect(head.text).toBe("");
    if (got.status === 404) return; // not built here: the 404 envelope was just checked
    expect(got.text).toMatch(/customElements|HTMLElement/);
    const etag = got.headers.get("etag")!;
    const cached = await request("GET /widgets.js", "/widgets.js", { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
  });

  it("GET /metrics answers the text exposition format with the monitored user count", async () => {
    const metrics = await request("GET /metrics", "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(new RegExp(`^presence_kit_monitored_users ${stack.server.hub.size}$`, "m"));
  });
});

describe("coverage", () => {
  it("exercises every path and method of the OpenAPI document", () => {
    expect([...exercised].sort()).toEqual(documentedRoutes().sort());
  });
});
