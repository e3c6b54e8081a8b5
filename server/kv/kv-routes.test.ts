// KV REST routes end to end: simulator → discord.js → hub, keys issued through the runtime.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";
import { PERSONAS } from "../simulator/index.ts";

const alice = PERSONAS.moon.id;
const bob = PERSONAS.spotify.id;

describe("KV routes", () => {
  let stack: Stack;
  let key: string;
  let bobKey: string;
  const ws = wsClients();
  const sse = sseClients();
  beforeAll(async () => {
    stack = await startStack();
    key = await stack.server.keys.issue(alice);
    bobKey = await stack.server.keys.issue(bob);
  });
  afterEach(() => (ws.closeAll(), sse.closeAll()));
  afterAll(() => stack?.close());

  async function call(method: string, path: string, body?: string, auth: string | null = key) {
    const headers: Record<string, string> = {};
    if (auth !== null) headers.authorization = auth;
    const res = await fetch(new URL(path, stack.server.url), { method, body, headers });
    const text = await res.text();
    return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
  }

  async function kvOf(id: string) {
    return (await stack.get(`/v1/users/${id}`)).body.data.kv;
  }

  async function reset() {
    for (const k of Object.keys(await kvOf(alice))) await call("DELETE", `/v1/users/@me/kv/${k}`);
  }

  function expectError(res: { status: number; body: any }, status: number, code: string, message?: string) {
    expect(res.status).toBe(status);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe(code);
    if (message) expect(res.body.error.message).toBe(message);
  }

  it("PUT stores the raw body as a string, by id or @me, and answers 204 empty", async () => {
    await reset();
    const put = await call("PUT", `/v1/users/${alice}/kv/song`, '{"not":"parsed"}');
    expect(put).toMatchObject({ status: 204, text: "" });
    expect((await call("PUT", "/v1/users/@me/kv/empty", "")).status).toBe(204);
    expect((await call("PUT", "/v1/users/@me/kv/emoji", "🌙 ünïcødé")).status).toBe(204);
    expect(await kvOf(alice)).toEqual({ song: '{"not":"parsed"}', empty: "", emoji: "🌙 ünïcødé" });
  });

  it("PATCH merges a flat object, overwriting existing keys; {} is a no-op", async () => {
    await reset();
    await call("PUT", "/v1/users/@me/kv/a", "1");
    expect((await call("PATCH", "/v1/users/@me/kv", JSON.stringify({ a: "one", b: "two" }))).status).toBe(204);
    expect((await call("PATCH", `/v1/users/${alice}/kv`, "{}")).status).toBe(204);
    expect(await kvOf(alice)).toEqual({ a: "one", b: "two" });
  });

  it("DELETE answers 204 whether or not the key existed", async () => {
    await reset();
    await call("PUT", "/v1/users/@me/kv/gone", "x");
    expect((await call("DELETE", "/v1/users/@me/kv/gone")).status).toBe(204);
    expect((await call("DELETE", "/v1/users/@me/kv/never")).status).toBe(204);
    expect(await kvOf(alice)).toEqual({});
  });

  it("GET /v1/users/@me answers the key owner's presence", async () => {
    const res = await call("GET", "/v1/users/@me");
    expect(res.status).toBe(200);
    expect(res.body.data.discord_user.id).toBe(alice);
    expect((await call("GET", "/v1/users/@me", undefined, bobKey)).body.data.discord_user.id).toBe(bob);
  });

  it("missing, empty, Bearer-prefixed or unknown keys → 401 no_permission", async () => {
    const message = "You do not have permission to access this resource";
    for (const auth of [null, "", `Bearer ${key}`, "pk_00000000000000000000000000000000"]) {
      expectError(await call("PUT", "/v1/users/@me/kv/x", "v", auth), 401, "no_permission", message);
      expectError(await call("PATCH", "/v1/users/@me/kv", "{}", auth), 401, "no_permission", message);
      expectError(await call("DELETE", "/v1/users/@me/kv/x", undefined, auth), 401, "no_permission", message);
      expectError(await call("GET", "/v1/users/@me", undefined, auth), 401, "no_permission", message);
    }
  });

  it("another user's KV → 403 forbidden, and nothing is written", async () => {
    expectError(await call("PUT", `/v1/users/${bob}/kv/x`, "v"), 403, "forbidden");
    expectError(await call("PATCH", `/v1/users/${bob}/kv`, '{"x":"v"}'), 403, "forbidden");
    expectError(await call("DELETE", `/v1/users/${bob}/kv/x`), 403, "forbidden");
    expect(await kvOf(bob)).toEqual({});
  });

  it("an owner who is not monitored → 404 user_not_monitored", async () => {
    const stranger = await stack.server.keys.issue("100000000000000001");
    expectError(await call("PUT", "/v1/users/@me/kv/x", "v", stranger), 404, "user_not_monitored");
    expectError(await call("PATCH", "/v1/users/@me/kv", "{}", stranger), 404, "user_not_monitored");
    expectError(await call("DELETE", "/v1/users/@me/kv/x", undefined, stranger), 404, "user_not_monitored");
    expectError(await call("GET", "/v1/users/@me", undefined, stranger), 404, "user_not_monitored");
  });

  it("key and value limits, counted in graphemes, with Lanyard's codes and messages", async () => {
    await reset();
    const failed = "kv_validation_failed";
    expect((await call("PUT", `/v1/users/@me/kv/${"k".repeat(255)}`, "v")).status).toBe(204);
    const longKey = await call("PUT", `/v1/users/@me/kv/${"k".repeat(256)}`, "v");
    expectError(longKey, 404, failed, "key must be 255 characters or less");
    expectError(await call("PUT", "/v1/users/@me/kv/a-b", "v"), 404, failed, "key must be alphanumeric (a-zA-Z0-9_)");
    expectError(await call("PUT", "/v1/users/@me/kv/%C3%A9", "v"), 404, failed, "key must be alphanumeric (a-zA-Z0-9_)");
    // 30,000 family emoji are 330,000 UTF-16 units but 30,000 graphemes: within Lanyard's limit,
    // so only the byte bound (750,000 bytes > 64 KiB) refuses them; 2,621 of them fit.
    const wide = await call("PUT", "/v1/users/@me/kv/wide", "👨‍👩‍👧‍👦".repeat(30_000));
    expectError(wide, 413, "kv_value_too_large");
    expect((await call("PUT", "/v1/users/@me/kv/wide", "👨‍👩‍👧‍👦".repeat(2_621))).status).toBe(204);
    const longValue = await call("PUT", "/v1/users/@me/kv/v", "x".repeat(30_001));
    expectError(longValue, 404, failed, "value must be 30000 characters or less");
    const patch = await call("PATCH", "/v1/users/@me/kv", JSON.stringify({ ok: "1", "bad key": "2" }));
    expectError(patch, 404, failed, "key must be alphanumeric (a-zA-Z0-9_)");
    expect(Object.hasOwn(await kvOf(alice), "ok")).toBe(false);
  });

  it("PATCH bodies that are not flat objects of strings → 404 invalid_kv_value", async () => {
    for (const body of ["not json", "[]", "null", '"s"', "1", '{"a":1}', '{"a":null}', '{"a":{"b":"c"}}', '{"a":["b"]}']) {
      expectError(await call("PATCH", "/v1/users/@me/kv", body), 404, "invalid_kv_value", "body must be an object");
    }
  });

  it("at most 512 pairs after a merge; overwriting does not count", async () => {
    await reset();
    const pairs = Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`k${i}`, String(i)]));
    expect((await call("PATCH", "/v1/users/@me/kv", JSON.stringify(pairs))).status).toBe(204);
    expect((await call("PUT", "/v1/users/@me/kv/k0", "again")).status).toBe(204);
    expect((await call("PATCH", "/v1/users/@me/kv", '{"k1":"again"}')).status).toBe(204);
    expectError(
      await call("PUT", "/v1/users/@me/kv/extra", "v"),
      404,
      "kv_validation_failed",
      "request would exceed key limit (512), please delete keys first",
    );
    expectError(
      await call("PATCH", "/v1/users/@me/kv", '{"extra":"v"}'),
      404,
      "kv_validation_failed",
      "request would exceed the key limit (512), please delete some keys first",
    );
    // PUT checks the count before the key: a bad key on a full store reports the count.
    const full = await call("PUT", "/v1/users/@me/kv/bad-key", "v");
    expect(full.body.error.message).toMatch(/key limit/);
    expect(Object.keys(await kvOf(alice))).toHaveLength(512);
    await reset();
  });

  it("answers CORS on 204s and KV errors", async () => {
    const res = await fetch(`${stack.server.url}/v1/users/@me/kv/cors`, {
      method: "PUT",
      body: "v",
      headers: { authorization: key, origin: "https://example.com" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("a chunked body over 1 MiB (no content-length) → 413 too", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${stack.server.url}/v1/users/@me/kv/big`, {
      method: "PUT",
      body,
      headers: { authorization: key },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("bodies over 1 MiB → 413 payload_too_large", async () => {
    expectError(await call("PUT", "/v1/users/@me/kv/big", "x".repeat(1024 * 1024 + 1)), 413, "payload_too_large");
    expectError(await call("PATCH", "/v1/users/@me/kv", "x".repeat(1024 * 1024 + 1)), 413, "payload_too_large");
  });

  it("concurrent PATCHes from several clients never lose pairs nor pass 512", async () => {
    await reset();
    const batch = (client: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`c${client}_${i}`, `${client}`])));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, c) => call("PATCH", "/v1/users/@me/kv", batch(c))),
    );
    const ok = results.filter((r) => r.status === 204).length;
    expect(ok).toBe(5);
    for (const r of results) if (r.status !== 204) expect(r.body.error.code).toBe("kv_validation_failed");
    const kv = await kvOf(alice);
    expect(Object.keys(kv)).toHaveLength(500);
    // Whole batches only: each accepted PATCH landed completely.
    const clients = new Set(Object.keys(kv).map((k) => k.split("_")[0]));
    expect(clients.size).toBe(5);
    for (const c of clients) for (let i = 0; i < 100; i++) expect(kv[`${c}_${i}`]).toBe(c.slice(1));
    await reset();
  });

  it("a KV write reaches a Lanyard socket as PRESENCE_UPDATE and an SSE stream as presence", async () => {
    const wsUrl = stack.server.url.replace(/^http/, "ws");
    const socket = await ws.open(`${wsUrl}/socket`);
    await socket.until((m) => m.op === 1);
    socket.send({ op: 2, d: { subscribe_to_id: alice } });
    await socket.until((m) => m.t === "INIT_STATE");
    const stream = await sse.open(`${stack.server.url}/v1/users/${alice}/events`);
    expect(stream.status).toBe(200);
    expect((await call("PUT", "/v1/users/@me/kv/live", "yes")).status).toBe(204);
    const update = await socket.until((m) => m.t === "PRESENCE_UPDATE" && m.d.kv?.live === "yes");
    expect(update.d.discord_user.id).toBe(alice);
    const event = await stream.until((m) => m.event === "presence" && m.json().kv?.live === "yes");
    expect(event.json().discord_user.id).toBe(alice);
  });
});
