// Answers that need another configuration than the main suite's, checked against the document:
// 429 rate_limited on REST, card, SSE and WebSocket-upgrade routes (and none on /health and
// /metrics), /metrics switched off, the user list refused with ALLOW_SUBSCRIBE_ALL=false.
import { request, type IncomingHttpHeaders } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { PERSONAS } from "./_test/dialects.ts";
import { answer, responseMismatches, type Answer } from "./_test/responses.ts";

const ID = PERSONAS[0]!;
const sse = sseClients();
afterEach(() => sse.closeAll());

describe("over the budgets (1 REST request, 1 card, 1 new socket per 60 s)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMIT_REST: "1", RATE_LIMIT_CARDS: "1", RATE_LIMIT_SOCKETS: "1", RATE_LIMIT_WINDOW: "60" },
    });
  });
  afterAll(() => stack?.close());
  const fetchAnswer = async (path: string) => answer(await fetch(`${stack.server.url}${path}`));

  it("REST and cards: the first answer names its budget, the next is the documented 429", async () => {
    for (const [route, path] of [
      ["GET /v1/users/{id}", `/v1/users/${ID}`],
      ["GET /cards/{file}", `/cards/${ID}.svg`],
    ] as const) {
      const first = await fetchAnswer(path);
      expect(first.status).toBe(200);
      expect(first.headers.get("ratelimit-remaining")).toBe("0");
      expect(responseMismatches(route, first)).toEqual([]);
      const refused = await fetchAnswer(path);
      expect(refused.status).toBe(429);
      expect(responseMismatches(route, refused)).toEqual([]);
    }
    // Any other REST route shares the spent budget.
    const docs = await fetchAnswer("/openapi.json");
    expect(docs.status).toBe(429);
    expect(responseMismatches("GET /openapi.json", docs)).toEqual([]);
  });

  it("new sockets: an SSE stream, then a refused stream and a refused upgrade, as documented", async () => {
    const stream = await sse.open(`${stack.server.url}/v1/users/${ID}/events`);
    expect(stream.status).toBe(200);
    const refusedStream = await sse.open(`${stack.server.url}/v1/events?ids=${ID}`);
    const { status, headers, body } = refusedStream;
    const streamAnswer = { status, headers: _headers(headers), body };
    expect(streamAnswer.status).toBe(429);
    expect(responseMismatches("GET /v1/events", streamAnswer)).toEqual([]);
    for (const [route, path] of [
      ["GET /socket", "/socket"],
      ["GET /tether/socket", "/tether/socket"],
      ["GET /ws/v1/{id}", `/ws/v1/${ID}`],
      ["GET /", `/?user_id=${ID}`],
    ] as const) {
      const refused = await _upgrade(`${stack.server.url}${path}`);
      expect(refused.status).toBe(429);
      expect(responseMismatches(route, refused)).toEqual([]);
    }
  });

  it("/health and /metrics still answer, and document no 429", async () => {
    expect((await fetchAnswer(`/v1/users/${ID}`)).status).toBe(429);
    for (const [route, path] of [["GET /health", "/health"], ["GET /metrics", "/metrics"]] as const) {
      const res = await fetchAnswer(path);
      expect(res.status).toBe(200);
      expect(responseMismatches(route, res)).toEqual([]);
      expect(responseMismatches(route, { ...res, status: 429 })).toEqual([`${route}: 429 is not documented`]);
    }
  });
});

describe("METRICS=false, ALLOW_SUBSCRIBE_ALL=false", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { METRICS: "false", ALLOW_SUBSCRIBE_ALL: "false" } });
  });
  afterAll(() => stack?.close());

  it("GET /metrics is the documented 404 and GET /playground/users the documented 403", async () => {
    const metrics = await stack.get("/metrics");
    expect(metrics.status).toBe(404);
    expect(responseMismatches("GET /metrics", metrics)).toEqual([]);
    const users = await stack.get("/playground/users");
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe("subscribe_all_disabled");
    expect(responseMismatches("GET /playground/users", users)).toEqual([]);
  });
});

// --- internal ---

function _headers(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/** A WebSocket handshake over node:http; resolves with the answer when it is not a 101. */
function _upgrade(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": Buffer.from("presence-kit-doc").toString("base64"),
      },
    });
    req.once("upgrade", (_res, socket) => (socket.destroy(), reject(new Error(`${url} upgraded`))));
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode!, headers: _headers(res.headers), body: JSON.parse(text) });
      });
    });
    req.once("error", reject);
    req.end();
  });
}
