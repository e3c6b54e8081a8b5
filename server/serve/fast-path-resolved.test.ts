// The fast path keeps each snapshot URL it has parsed (one lookup of the whole URL afterwards), and
// keeps no more than its bound: a client walking through ids costs a parse per request, never memory.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createRateLimits } from "../limits/middleware.ts";
import { createHttpDurations } from "../metrics/http-duration.ts";
import { jsonAnswer, type Answer } from "./answer.ts";
import { createFastPath } from "./fast-path.ts";
import type { SnapshotDialect, Snapshots } from "./snapshots.ts";

let server: Server | undefined;
afterEach(() => void server?.close());

describe("snapshot URLs the fast path keeps resolved", () => {
  it("parses a URL once, answers each request with the current answer, and starts over past its bound", async () => {
    const parsed: string[] = [];
    let version = 1;
    // Snapshots whose answer names the dialect, id and a version the test moves on.
    const snapshots: Snapshots = {
      answer: (dialect, id) => _answer(dialect, id, version),
      of: (dialect: SnapshotDialect) => {
        parsed.push(dialect);
        return (id: string) => _answer(dialect, id, version);
      },
    };
    const config = loadConfig({ DISCORD_TOKEN: "x", RATE_LIMIT_REST: "0", RATE_LIMIT_CARDS: "0", RATE_LIMIT_SOCKETS: "0" }, { dotenv: false });
    const fastPath = createFastPath({ config, limits: createRateLimits(config), snapshots, durations: createHttpDurations(), resolvedUrls: 2 });
    server = createServer((req, res) => void (fastPath(req, res, performance.now()) || res.writeHead(599).end()));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const get = (path: string) => _get(server!, path);

    expect(await get("/v1/users/111111111111111111")).toEqual({ dialect: "lanyard", id: "111111111111111111", version: 1 });
    expect(await get("/v1/users/111111111111111111")).toEqual({ dialect: "lanyard", id: "111111111111111111", version: 1 });
    expect(parsed).toEqual(["lanyard"]); // the second request did not parse
    version = 2;
    expect(await get("/v1/users/111111111111111111")).toEqual({ dialect: "lanyard", id: "111111111111111111", version: 2 });
    expect(await get("/v1/presence/222222222222222222")).toEqual({ dialect: "tether", id: "222222222222222222", version: 2 });
    // A URL with a query is parsed on every request (queries vary without end).
    expect(await get("/v1/presence/222222222222222222?a=1")).toEqual({ dialect: "tether", id: "222222222222222222", version: 2 });
    expect(await get("/v1/presence/222222222222222222?a=1")).toEqual({ dialect: "tether", id: "222222222222222222", version: 2 });
    expect(parsed).toEqual(["lanyard", "tether", "tether", "tether"]);
    // A third URL passes the bound of 2: the oldest kept URL is let go, and parsed again when asked.
    expect(await get("/v1/333333333333333333")).toEqual({ dialect: "originoid", id: "333333333333333333", version: 2 });
    expect(await get("/v1/users/111111111111111111")).toEqual({ dialect: "lanyard", id: "111111111111111111", version: 2 });
    expect(await get("/v1/333333333333333333")).toEqual({ dialect: "originoid", id: "333333333333333333", version: 2 });
    expect(parsed).toEqual(["lanyard", "tether", "tether", "tether", "originoid", "lanyard"]);
  });
});

// --- internal ---

function _answer(dialect: string, id: string, version: number): Answer {
  return jsonAnswer(200, { dialect, id, version });
}

function _get(server: Server, path: string): Promise<unknown> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error(`status ${res.statusCode}`))));
    })
      .on("error", reject)
      .end();
  });
}
