// Rate limits on a real server over 127.0.0.1: each budget triggers with 429 rate_limited and
// Retry-After, the others stay open, and every one recovers when its window (1 s here) ends.
import type { IncomingHttpHeaders } from "node:http";
import { WebSocket } from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";

const MIRA = "293673602384003625";
const ws = wsClients();
const sse = sseClients();
afterEach(() => (ws.closeAll(), sse.closeAll()));

describe("limits per client address (REST 3, cards 2, sockets 2 per 1 s)", () => {
  let stack: Stack;
  let base: string;
  let wsBase: string;
  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMIT_REST: "3", RATE_LIMIT_CARDS: "2", RATE_LIMIT_SOCKETS: "2", RATE_LIMIT_WINDOW: "1" },
    });
    base = stack.server.url;
    wsBase = base.replace("http", "ws");
  });
  afterAll(() => stack?.close());

  it("REST: counts down in RateLimit-* headers, then 429 with Retry-After; a spoofed X-Forwarded-For changes nothing", async () => {
    const path = `/v1/users/${MIRA}`;
    const first = await stack.get(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("3");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    expect(Number(first.headers.get("ratelimit-reset"))).toBe(1);
    expect((await stack.get(path)).headers.get("ratelimit-remaining")).toBe("1");
    expect((await stack.get("/no/such/route")).status).toBe(404); // any route counts, errors too
    const refused = await stack.get(path);
    _expectRefused(refused.status, refused.headers.get("retry-after"), refused.body);
    // Without TRUST_PROXY_HEADER the header is the client's word, not an address.
    const spoofed = await fetch(`${base}${path}`, { headers: { "x-forwarded-for": "198.51.100.9" } });
    expect(spoofed.status).toBe(429);
    // Never limited: probes, the scraper and CORS preflights; other budgets are untouched.
    expect([200, 503]).toContain((await stack.get("/health")).status);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^presence_kit_rate_limited_total\{kind="rest"\} [1-9]/m);
    const preflight = await fetch(`${base}${path}`, {
      method: "OPTIONS",
      headers: { origin: "https://example.com", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(200);
    expect((await fetch(`${base}/cards/${MIRA}.svg`)).status).toBe(200);

    await _windowEnd(refused.headers.get("retry-after"));
    expect((await stack.get(path)).status).toBe(200);
  });

  it("cards: a 429 envelope past the card budget, recovering after the window", async () => {
    const card = `${base}/cards/${MIRA}.svg?theme=nord`;
    // The REST test above drew one card; a new window may or may not have begun since.
    let res: Response;
    let ok = 0;
    while ((res = await fetch(card)).status === 200 && ok < 3) {
      expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(2);
    _expectRefused(res.status, res.headers.get("retry-after"), await res.json());
    expect((await stack.get(`/v1/users/${MIRA}`)).status).toBe(200);

    await _windowEnd(res.headers.get("retry-after"));
    expect((await fetch(card)).status).toBe(200);
  });

  it("new sockets: WebSocket upgrades on every socket route and SSE streams share one budget", async () => {
    const lanyard = await ws.open(`${wsBase}/socket`);
    const stream = await sse.open(`${base}/v1/users/${MIRA}/events`);
    expect(stream.status).toBe(200);
    for (const path of ["/socket", "/tether/socket", `/ws/v1/${MIRA}`, `/?user_id=${MIRA}`]) {
      const refused = await _upgrade(`${wsBase}${path}`);
      expect(refused.status, path).toBe(429);
      _expectRefused(refused.status, refused.headers["retry-after"] as string, refused.body);
    }
    const refusedStream = await sse.open(`${base}/v1/events?ids=${MIRA}`);
    _expectRefused(refusedStream.status, refusedStream.headers["retry-after"] as string, refusedStream.body);
    // What is open stays open, and REST has its own budget.
    lanyard.send({ op: 2, d: { subscribe_to_id: MIRA } });
    expect(await lanyard.until((m) => m.t === "INIT_STATE")).toMatchObject({ d: { user_id: MIRA } });
    expect((await stack.get(`/v1/users/${MIRA}`)).status).toBe(200);

    await _windowEnd(refusedStream.headers["retry-after"] as string);
    const again = await ws.open(`${wsBase}/tether/socket`);
    expect(again.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("TRUST_PROXY_HEADER=x-forwarded-for (REST 2 per 60 s)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMIT_REST: "2", RATE_LIMIT_WINDOW: "60", TRUST_PROXY_HEADER: "x-forwarded-for" },
    });
  });
  afterAll(() => stack?.close());
  const get = (xff?: string) =>
    fetch(`${stack.server.url}/v1/users/${MIRA}`, { headers: xff ? { "x-forwarded-for": xff } : {} });

  it("counts by the right-most entry, the one our proxy appended", async () => {
    expect((await get("6.6.6.6, 203.0.113.7")).status).toBe(200);
    expect((await get("7.7.7.7, 203.0.113.7")).status).toBe(200);
    // The client rewrote the left part: still the same client to us.
    expect((await get("8.8.8.8, 203.0.113.7")).status).toBe(429);
    expect((await get("203.0.113.8")).status).toBe(200);
    // A request without the header (not through the proxy) is counted by its peer address.
    expect((await get()).status).toBe(200);
  });
});

// --- internal ---

function _expectRefused(status: number, retryAfter: string | null | undefined, body: unknown) {
  expect(status).toBe(429);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(1);
  expect(body).toMatchObject({ success: false, error: { code: "rate_limited" } });
  expect((body as { error: { message: string } }).error.message).toMatch(/at most \d+ per 1 s/);
}

/** The window's end is the event the limit waits for: sleep until Retry-After has passed. */
function _windowEnd(retryAfter: string | null | undefined): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000 + 10));
}

/** Attempts an upgrade; resolves with the HTTP answer when it is refused. */
function _upgrade(url: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("open", () => (socket.close(), reject(new Error(`${url} upgraded`))));
    socket.once("unexpected-response", (_req, res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    socket.on("error", () => {});
  });
}
