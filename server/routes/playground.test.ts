// The playground's serving: `/` negotiated between the page and the JSON info, the assets, the
// user list, and the Grux upgrade that shares `/`.
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startStack, type Stack } from "../_test/harness.ts";
import { parseCardOptions } from "../cards/options.ts";
import { THEMES } from "../cards/themes.ts";
import { PERSONA_LIST } from "../simulator/personas.ts";
import { PLAYGROUND_CACHE, PLAYGROUND_USERS_MAX, prefersHtml } from "./playground.ts";

const CHROME_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";
const INDEX = new URL("../../playground/index.html", import.meta.url);

describe("prefersHtml", () => {
  it.each([
    [CHROME_ACCEPT, true],
    ["text/html", true],
    ["TEXT/HTML;q=0.9, application/json;q=0.9", true],
    [undefined, false],
    ["", false],
    ["*/*", false],
    ["application/json", false],
    ["application/json, text/plain, */*", false],
    ["application/json, text/html;q=0.5", false],
    ["text/html;q=0", false],
    ["text/html;q=0.5, */*", false],
    ["text/html;q=abc", false],
  ])("%s → %s", (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe("playground routes", () => {
  let stack: Stack;
  const fetchPath = (path: string, headers: Record<string, string> = {}) =>
    fetch(new URL(path, stack.server.url), { headers });
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it("answers a browser's GET / with the page, a CSP, an ETag and a 304 on revalidation", async () => {
    const res = await fetchPath("/", { accept: CHROME_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("vary")).toMatch(/accept/i);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/playground/playground.js">');
    expect(html).toContain('data-public-url=""');
    const etag = res.headers.get("etag")!;
    const again = await fetchPath("/", { accept: CHROME_ACCEPT, "if-none-match": etag });
    expect(again.status).toBe(304);
  });

  it.each([[{}], [{ accept: "*/*" }], [{ accept: "application/json" }], [{ accept: "application/json, text/html;q=0.5" }]])(
    "keeps the JSON info for GET / with %j",
    async (headers) => {
      const res = await fetchPath("/", headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("vary")).toMatch(/accept/i);
      expect(await res.json()).toEqual({
        success: true,
        data: {
          info: "presence-kit provides Discord presences as an API, WebSocket, Server-Sent Events and cards.",
          monitored_user_count: stack.server.hub.size,
          version: expect.any(String),
        },
      });
    },
  );

  it("serves the assets with their types, an ETag and a short cache", async () => {
    const cases = [
      ["playground.js", "text/javascript; charset=utf-8"],
      ["playground.css", "text/css; charset=utf-8"],
      ["index.html", "text/html; charset=utf-8"],
    ];
    for (const [name, type] of cases) {
      const res = await fetchPath(`/playground/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("cache-control")).toBe(PLAYGROUND_CACHE);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const body = await res.text();
      expect(body).toBe(await readFile(new URL(`../../playground/${name}`, import.meta.url), "utf8"));
      const etag = res.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await fetchPath(`/playground/${name}`, { "if-none-match": etag })).status).toBe(304);
      // The same rule as every other ETag: weak comparison, lists, and `*`.
      for (const named of [`W/${etag}`, `"other", ${etag}`, "*"]) expect((await fetchPath(`/playground/${name}`, { "if-none-match": named })).status, named).toBe(304);
      expect((await fetchPath(`/playground/${name}`, { "if-none-match": '"other"' })).status).toBe(200);
    }
  });

  it("refuses traversal, other files and unknown names with 404 not_found", async () => {
    const paths = [
      "/playground/..%2f..%2fpackage.json",
      "/playground/%2e%2e/%2e%2e/package.json",
      "/playground/../package.json",
      "/playground/..%5c..%5cpackage.json",
      "/playground/%2e%2e%2fserver%2fconfig.ts",
      "/playground/playground.test.ts",
      "/playground/README.md",
      "/playground/.env",
      "/playground/nope.js",
      "/playground/playground.js%00.html",
      "/playground/sub/playground.js",
    ];
    for (const path of paths) {
      const { status, body } = await _rawGet(stack.server.url, path);
      expect(status, path).toBe(404);
      expect(body, path).not.toContain("presence-kit\": ");
      expect(body, path).not.toContain("\"dependencies\"");
      expect(JSON.parse(body).error.code, path).toBe("not_found");
    }
  });

  it("lists monitored users for the picker, personas included", async () => {
    const { status, body } = await stack.get("/playground/users");
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.data).toHaveLength(stack.server.hub.size);
    for (const persona of PERSONA_LIST) {
      const user = body.data.find((u: any) => u.id === persona.id);
      expect(user, persona.key).toMatchObject({ id: persona.id, username: persona.user.username });
      expect(user.discord_status).toBe(stack.server.hub.get(persona.id)!.presence.discord_status);
    }
  });

  it(`lists at most ${PLAYGROUND_USERS_MAX} users`, async () => {
    const last = `${1190000000000000000n + BigInt(PLAYGROUND_USERS_MAX)}`;
    const joined = stack.nextChange((c) => c.userId === last);
    for (let i = 1; i <= PLAYGROUND_USERS_MAX; i++) {
      const id = `${1190000000000000000n + BigInt(i)}`;
      stack.sim.addMember({ id, username: `member${i}`, discriminator: "0", global_name: null });
    }
    await joined;
    expect(stack.server.hub.size).toBeGreaterThan(PLAYGROUND_USERS_MAX);
    const { body } = await stack.get("/playground/users");
    expect(body.data).toHaveLength(PLAYGROUND_USERS_MAX);
  });

  it("leaves a WebSocket upgrade on /?user_id= to the Grux socket, even with a browser's Accept", async () => {
    const url = `${stack.server.url.replace("http", "ws")}/?user_id=${PERSONA_LIST[0]!.id}`;
    const ws = new WebSocket(url, { headers: { accept: CHROME_ACCEPT } });
    try {
      const first = await new Promise<any>((resolve, reject) => {
        ws.once("message", (data) => resolve(JSON.parse(String(data))));
        ws.once("error", reject);
      });
      expect(first.op).toBe("initial_data");
      expect(first.d.profile.id).toBe(PERSONA_LIST[0]!.id);
    } finally {
      ws.terminate();
    }
  });
});

describe("playground with PUBLIC_URL and ALLOW_SUBSCRIBE_ALL=false", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PUBLIC_URL: "https://presence.example.com", ALLOW_SUBSCRIBE_ALL: "false" } });
  });
  afterAll(() => stack?.close());

  it("names the public origin in the page and refuses to list users", async () => {
    const res = await fetch(new URL("/", stack.server.url), { headers: { accept: "text/html" } });
    expect(await res.text()).toContain('data-public-url="https://presence.example.com"');
    const { status, body } = await stack.get("/playground/users");
    expect(status).toBe(403);
    expect(body.error.code).toBe("subscribe_all_disabled");
  });
});

describe("the card form", () => {
  it("has a control for every option of the README's card table, with the server's defaults", async () => {
    const html = await readFile(INDEX, "utf8");
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("| option | values |"));
    const options = [...section.slice(0, section.indexOf("\n\n")).matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(15);
    for (const option of options) expect(html, option).toMatch(new RegExp(`name="${option}"`));

    const select = (name: string) => html.slice(html.indexOf(`<select name="${name}">`)).split("</select>")[0]!;
    const values = (name: string) => [...select(name).matchAll(/<option(?: value="([^"]*)")?[^>]*>([^<]*)</g)].map((m) => m[1] ?? m[2]);
    const selected = (name: string) => /<option(?: value="([^"]*)")? selected>([^<]*)</.exec(select(name))!.slice(1).find(Boolean);
    expect(values("theme").sort()).toEqual(Object.keys(THEMES).sort());
    const defaults = parseCardOptions(new URLSearchParams());
    expect(selected("theme")).toBe(defaults.theme);
    expect(selected("card")).toBe(defaults.card);
    expect(selected("progress")).toBe(defaults.progress);
    expect(selected("scale")).toBe(String(defaults.scale));
    const valueOf = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)![1];
    expect(Number(valueOf("width"))).toBe(defaults.width);
    expect(Number(valueOf("radius"))).toBe(defaults.radius);
    expect(Number(valueOf("cache_seconds"))).toBe(defaults.cacheSeconds);
    expect(valueOf("idle_message")).toBe(defaults.idleMessage);
  });
});

// --- internal ---

/** A GET with the path exactly as written (fetch would normalise dot segments away). */
function _rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject).end();
  });
}
