// HEAD answers as GET does, without the body, on every GET route; and every status line carries
// its reason phrase, whichever path (the fast path or h3) answered it.
import { request, STATUS_CODES, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";

const USER = "293673602384003625"; // the `coder` persona
const IDLE = "697252410556547946"; // custom status only: its cards draw no clock
const UNKNOWN = "100000000000000001";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** GET paths of every kind of route: fast path, h3, streams, errors. */
const GETS: Array<[what: string, path: string]> = [
  ["root", "/"],
  ["Lanyard snapshot (fast path)", `/v1/users/${USER}`],
  ["Lanyard unknown user", `/v1/users/${UNKNOWN}`],
  ["Lanyard invalid id", "/v1/users/abc"],
  ["Tether snapshot", `/v1/presence/${USER}`],
  ["originoid snapshot", `/v1/${USER}`],
  ["Grux user", `/user/${USER}`],
  ["Grux activity", `/activity/${USER}`],
  ["health", "/health"],
  ["livez", "/livez"],
  ["metrics", "/metrics"],
  ["openapi.json", "/openapi.json"],
  ["docs", "/docs"],
  ["profile card", `/cards/${IDLE}.svg`],
  ["quicklink", `/${USER}.png`],
  ["SSE stream", `/v1/users/${USER}/events`],
  ["WebSocket route without an upgrade", "/socket"],
  ["no such route", "/nope"],
];

// Headers that may differ between two requests however they are answered.
const VOLATILE = new Set(["date", "ratelimit-remaining", "ratelimit-reset", "content-length", "connection", "keep-alive", "transfer-encoding"]);

describe("HEAD", () => {
  it.each(GETS)("%s: the GET's status and headers, no body", async (_what, path) => {
    // Asked once first: a card is drawn again once its images are fetched, an avatar is cached.
    await _ask("GET", path);
    const get = await _ask("GET", path);
    const head = await _ask("HEAD", path);
    expect(head.status).toBe(get.status);
    expect(_stable(head.headers)).toEqual(_stable(get.headers));
    expect(head.body).toBe("");
    // A HEAD that states a length states the GET's.
    if (head.headers["content-length"] !== undefined && get.headers["content-length"] !== undefined) {
      expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    }
  });

  it("of a known GET route is not a 404 (the catch-all does not take it)", async () => {
    for (const path of [`/v1/users/${USER}`, "/health", "/livez", `/cards/${IDLE}.svg`]) {
      expect((await _ask("HEAD", path)).status, path).toBe(200);
    }
  });

  it("leaves other methods on unknown routes with the 404 envelope", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await _ask(method, "/nope");
      expect(res.status, method).toBe(404);
      expect(JSON.parse(res.body)).toEqual({ success: false, error: { code: "not_found", message: "Route does not exist" } });
    }
  });
});

describe("status lines", () => {
  it.each([...GETS.map(([what, path]) => ["GET", what, path]), ["POST", "POST to no route", "/nope"], ["HEAD", "HEAD of a snapshot", `/v1/users/${USER}`]])(
    "%s %s: the standard reason phrase",
    async (method, _what, path) => {
      const res = await _ask(method!, path!);
      expect(res.statusMessage).toBe(STATUS_CODES[res.status]);
    },
  );
});

// --- internal ---

interface _Answer {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on its own connection; a stream's first bytes end it (its headers are what is compared). */
function _ask(method: string, path: string): Promise<_Answer> {
  const { port } = new URL(stack.server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      const answer = { status: res.statusCode!, statusMessage: res.statusMessage!, headers: res.headers, body: "" };
      if (res.headers["content-type"]?.startsWith("text/event-stream") && method !== "HEAD") {
        // An open stream never ends by itself: its status and headers are enough.
        res.destroy();
        return resolve(answer);
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (answer.body += chunk));
      res.once("end", () => resolve(answer));
      res.once("error", reject);
    });
    req.once("error", reject).end();
  });
}

function _stable(headers: IncomingHttpHeaders): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !VOLATILE.has(name)).sort(([a], [b]) => a.localeCompare(b)));
}
