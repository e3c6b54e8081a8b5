// The fast path answers exactly as h3 does: one runtime served twice, through its listener (fast
// path first) and through h3 alone, and every row of the table asked of both.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { parseExposition } from "../metrics/_test/exposition-parser.ts";
import { createHttpDurations } from "../metrics/http-duration.ts";
import { createRuntime, type Runtime } from "../runtime.ts";
import { createSimulator, type Simulator } from "../simulator/index.ts";
import { createListener } from "./listener.ts";

const UNKNOWN = "123456789012345678";

interface Raw {
  status: number;
  headers: string[];
  body: Buffer;
}

let sim: Simulator;
let runtime: Runtime;
let fast: Server;
let viaH3: Server;
const h3Durations = createHttpDurations();
let user: string;

beforeAll(async () => {
  sim = await createSimulator({ personas: true, script: false });
  const config = loadConfig(
    {
      DISCORD_TOKEN: "test.bot.token",
      DISCORD_API_URL: sim.apiUrl,
      DISCORD_CDN_URL: sim.cdnUrl,
      SPOTIFY_IMAGE_URL: sim.spotifyImageUrl,
      STORAGE: "memory",
      // Each row uses its own forwarded address on each server, so both count the same budget.
      TRUST_PROXY_HEADER: "x-forwarded-for",
      RATE_LIMIT_REST: "3",
      RATE_LIMIT_CARDS: "3",
    },
    { dotenv: false },
  );
  runtime = await createRuntime(config, { log: () => {}, fastIdentify: true });
  await runtime.start();
  await runtime.source.ready();
  user = [...runtime.hub.ids()][0]!;
  fast = await _serve(runtime.listener);
  viaH3 = await _serve(createListener(runtime.app, { durations: h3Durations }));
});

afterAll(async () => {
  for (const server of [fast, viaH3]) server?.close();
  await runtime?.close();
  await sim?.close();
});

type Row = [what: string, method: string, path: () => string, headers?: Record<string, string | string[]>];

const br = { "accept-encoding": "gzip, deflate, br" };
const origin = { origin: "https://example.com" };
const rows: Row[] = [
  ["Lanyard snapshot", "GET", () => `/v1/users/${user}`],
  ["Lanyard snapshot with Origin and a query", "GET", () => `/v1/users/${user}?x=1`, origin],
  ["Lanyard unknown user", "GET", () => `/v1/users/${UNKNOWN}`, origin],
  ["Lanyard short id", "GET", () => "/v1/users/12"],
  ["Lanyard non-numeric id", "GET", () => "/v1/users/abc"],
  ["Lanyard escaped id", "GET", () => `/v1/users/%3${user.slice(0, 1)}${user.slice(1)}`],
  ["Lanyard trailing slash", "GET", () => "/v1/users/"],
  ["Lanyard 21-digit id", "GET", () => "/v1/users/123456789012345678901"],
  ["Lanyard id with a letter after it", "GET", () => `/v1/users/${user}x`],
  ["Lanyard id under a deeper prefix", "GET", () => `/v1/users/v1/${user}`],
  ["card of a non-numeric id", "GET", () => "/cards/abc.svg"],
  ["card without an id", "GET", () => "/cards/.png"],
  ["card in another format", "GET", () => `/cards/${user}.jpg`],
  ["card with two extensions", "GET", () => `/cards/${user}.svg.png`],
  ["Lanyard HEAD", "HEAD", () => `/v1/users/${user}`],
  ["Tether snapshot", "GET", () => `/v1/presence/${user}`, origin],
  ["Tether unknown", "GET", () => `/v1/presence/${UNKNOWN}`],
  ["Tether invalid", "GET", () => "/v1/presence/1"],
  ["originoid snapshot", "GET", () => `/v1/${user}`],
  ["originoid unknown", "GET", () => `/v1/${UNKNOWN}`],
  ["originoid invalid", "GET", () => "/v1/99999999999999999999"],
  ["originoid in_server", "GET", () => `/v1/${user}/in_server`],
  ["Grux user", "GET", () => `/user/${user}`],
  ["Grux activity", "GET", () => `/activity/${user}`],
  ["Grux unknown", "GET", () => `/activity/${UNKNOWN}`],
  ["openapi.json identity", "GET", () => "/openapi.json"],
  ["openapi.json brotli", "GET", () => "/openapi.json", br],
  ["openapi.json gzip only", "GET", () => "/openapi.json", { "accept-encoding": "gzip, br;q=0" }],
  ["docs gzip", "GET", () => "/docs", { "accept-encoding": "gzip" }],
  ["docs HEAD", "HEAD", () => "/docs", br],
  ["widgets.js", "GET", () => "/widgets.js", br],
  ["route 404", "GET", () => "/nope", origin],
  ["route 404, deeper", "GET", () => "/nope/deeper.txt"],
  ["route 404, dotted segment", "GET", () => "/nope/../health"],
  ["route 404, trailing slash", "GET", () => "/nope/"],
  ["route 404, escaped", "GET", () => "/n%6fpe"],
  ["not a route under /v1", "GET", () => "/v1/users", origin],
  ["health", "GET", () => "/health"],
  ["health with Origin", "GET", () => "/health", origin],
  ["health with a trailing slash", "GET", () => "/health/"],
  ["livez", "GET", () => "/livez"],
  ["quicklink of an unknown user", "GET", () => `/${UNKNOWN}.png`],
  ["quicklink-shaped path under a folder", "GET", () => "/a/b.png"],
  ["route 404, POST", "POST", () => `/v1/users/${user}`],
  // The fast path reads request headers from the raw list: any case, repeated lines joined.
  ["snapshot, Origin in capitals on two lines", "GET", () => `/v1/users/${user}`, { ORIGIN: ["https://a.example", "https://b.example"] }],
  ["openapi.json, Accept-Encoding on two lines", "GET", () => "/openapi.json", { "Accept-Encoding": ["gzip;q=0.5", "br"] }],
  ["docs, Accept-Encoding in mixed case", "GET", () => "/docs", { "aCCept-ENCODING": "gzip" }],
  ["CORS preflight", "OPTIONS", () => `/v1/users/${user}`, { ...origin, "access-control-request-method": "GET", "access-control-request-headers": "X-A, x-b" }],
];

describe("the fast path answers as h3 does", () => {
  it.each(rows)("%s", async (_what, method, path, headers = {}) => {
    const address = _nextAddress();
    const a = await _get(fast, method, path(), { ...headers, "x-forwarded-for": address.fast });
    const b = await _get(viaH3, method, path(), { ...headers, "x-forwarded-for": address.h3 });
    expect(_stable(a)).toEqual(_stable(b));
    expect(a.status).toBeGreaterThanOrEqual(200);
    // Asked again: a snapshot URL seen once is answered from what the fast path kept of it.
    const again = await _get(fast, method, path(), { ...headers, "x-forwarded-for": _nextAddress().fast });
    expect(_stable(again)).toEqual(_stable(b));
  });

  it.each([
    ["openapi.json", "/openapi.json"],
    ["docs", "/docs"],
  ])("%s: 304 for its own ETag on each representation, 200 for another's", async (_what, path) => {
    for (const encoding of ["br", "gzip", "identity"]) {
      const address = _nextAddress();
      const first = await _get(fast, "GET", path, { "accept-encoding": encoding, "x-forwarded-for": _nextAddress().fast });
      const etag = _header(first, "etag")!;
      expect(etag).toMatch(encoding === "identity" ? /^"[\w-]+"$/ : new RegExp(`-${encoding === "br" ? "br" : "gz"}"$`));
      const inm = { "accept-encoding": encoding, "if-none-match": `W/${etag}` };
      const a = await _get(fast, "GET", path, { ...inm, "x-forwarded-for": address.fast });
      const b = await _get(viaH3, "GET", path, { ...inm, "x-forwarded-for": address.h3 });
      expect(a).toEqual(b);
      expect(a.status).toBe(304);
      const other = { "accept-encoding": encoding === "br" ? "gzip" : "br", "if-none-match": etag };
      expect((await _get(viaH3, "GET", path, { ...other, "x-forwarded-for": address.h3 })).status).toBe(200);
    }
  });

  it("cached cards: the same answer as h3's card route, and one cache hit counted per request", async () => {
    const idle = [...runtime.hub.ids()].find((id) => !runtime.hub.get(id)!.presence.activities.some((a) => a.timestamps))!;
    const headerSets = [{}, br, { "accept-encoding": "identity" }];
    for (const path of [`/cards/${idle}.svg`, `/cards/${idle}.png`, `/cards/${idle}.svg?theme=nord&hide_status=true`]) {
      const warm = await _get(viaH3, "GET", path, { ...br, "x-forwarded-for": _nextAddress().h3 });
      expect(warm.status).toBe(200);
      const etag = _header(warm, "etag")!;
      for (const headers of [...headerSets, { ...br, "if-none-match": etag }]) {
        const address = _nextAddress();
        const hits = await _cardHits();
        const a = await _get(fast, "GET", path, { ...headers, "x-forwarded-for": address.fast });
        expect(await _cardHits()).toBe(hits + 1);
        const b = await _get(viaH3, "GET", path, { ...headers, "x-forwarded-for": address.h3 });
        expect(a).toEqual(b);
      }
    }
    // An option error is an error card, drawn by h3's route on both paths.
    const address = _nextAddress();
    const bad = `/cards/${idle}.svg?theme=nope`;
    expect(await _get(fast, "GET", bad, { "x-forwarded-for": address.fast })).toEqual(
      await _get(viaH3, "GET", bad, { "x-forwarded-for": address.h3 }),
    );
  });

  it("the fourth request of an address is the same 429 on both paths, for every fast route", async () => {
    const card = `/cards/${user}.png`;
    await _get(viaH3, "GET", card, { "x-forwarded-for": _nextAddress().h3 }); // rendered and cached
    for (const path of [`/v1/users/${user}`, `/v1/presence/${UNKNOWN}`, "/openapi.json", "/widgets.js", card, "/nope", `/${user}.webp`]) {
      const address = _nextAddress();
      const answers: Raw[][] = [[], []];
      for (let i = 0; i < 4; i++) {
        answers[0]!.push(await _get(fast, "GET", path, { ...origin, "x-forwarded-for": address.fast }));
        answers[1]!.push(await _get(viaH3, "GET", path, { ...origin, "x-forwarded-for": address.h3 }));
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]!.map((r) => r.status).at(-1)).toBe(429);
      expect(JSON.parse(answers[0]![3]!.body.toString())).toMatchObject({ success: false, error: { code: "rate_limited" } });
    }
  });

  it("takes /health, fresh cached quicklinks and unknown routes; leaves a quicklink miss to h3", async () => {
    const took: string[] = [];
    const spy = await _serve(
      createListener(runtime.app, {
        durations: createHttpDurations(),
        fastPath: (req, res, start) => runtime.fastPath!(req, res, start) && took.push(req.url!) > 0,
      }),
    );
    try {
      // A user with an avatar of their own, asked for nowhere else: not yet in the cache.
      const other = [...runtime.hub.ids()].find((id) => id !== user && runtime.hub.get(id)!.presence.discord_user.avatar)!;
      const link = `/${other}.jpg`;
      const first = await _get(spy, "GET", link, {});
      expect(first.status).toBe(200);
      expect(took).toEqual([]); // fetched from the CDN by h3's route
      for (const path of [link, "/health", "/nope", "/no/such/route"]) {
        const address = _nextAddress();
        const a = await _get(spy, "GET", path, { "x-forwarded-for": address.fast });
        const b = await _get(viaH3, "GET", path, { "x-forwarded-for": address.h3 });
        expect(_stable(a)).toEqual(_stable(b));
      }
      const etag = _header(first, "etag");
      expect(etag).toBeTruthy();
      const address = _nextAddress();
      const a = await _get(spy, "GET", link, { "if-none-match": etag!, "x-forwarded-for": address.fast });
      expect(a).toEqual(await _get(viaH3, "GET", link, { "if-none-match": etag!, "x-forwarded-for": address.h3 }));
      expect(a.status).toBe(304);
      expect(took).toEqual([link, "/health", "/nope", "/no/such/route", link]);
    } finally {
      spy.close();
    }
  });

  it("a new presence is a new answer on both paths (encoded once per version, never stale)", async () => {
    const path = `/v1/users/${user}`;
    const before = await _get(fast, "GET", path, { "x-forwarded-for": _nextAddress().fast });
    const changed = new Promise<void>((resolve) => {
      const off = runtime.hub.subscribe([user], () => (off(), resolve()));
    });
    sim.setPresence(user, { status: "dnd", activities: [], client_status: { desktop: "dnd" } });
    await changed;
    const address = _nextAddress();
    const a = await _get(fast, "GET", path, { "x-forwarded-for": address.fast });
    const b = await _get(viaH3, "GET", path, { "x-forwarded-for": address.h3 });
    expect(a).toEqual(b);
    expect(a.body).not.toEqual(before.body);
    expect(JSON.parse(a.body.toString()).data.discord_status).toBe("dnd");
  });

  it("both paths record the request-duration histogram under the route pattern", async () => {
    const scrape = parseExposition((await _get(fast, "GET", "/metrics", {})).body.toString()); // never limited
    const name = "presence_kit_http_request_duration_seconds_count";
    for (const route of ["/v1/users/:id", "/v1/presence/:id", "/v1/:id", "/openapi.json", "/**"]) {
      expect(scrape.value(name, { route })).toBeGreaterThan(0);
    }
    const viaH3Scrape = parseExposition(`# TYPE x histogram\n`.replace("x", "presence_kit_http_request_duration_seconds") + _lines(h3Durations.collect()));
    expect(viaH3Scrape.value(name, { route: "/v1/users/:id" })).toBeGreaterThan(0);
    for (const key of scrape.samples.keys()) expect(key).not.toContain(user);
  });
});

// --- internal ---

let _address = 0;

/** A fresh pair of forwarded addresses: one budget per server for the same row. */
function _nextAddress(): { fast: string; h3: string } {
  _address++;
  return { fast: `10.0.${_address >> 8}.${_address & 255}`, h3: `10.1.${_address >> 8}.${_address & 255}` };
}

function _serve(listener: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(listener!);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** One request on a fresh connection; headers as sent (names lower-cased, `date` left out). */
function _get(server: Server, method: string, path: string, headers: Record<string, string | string[]>): Promise<Raw> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          if (name !== "date") pairs.push(`${name}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode!, headers: pairs.sort(), body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The answer with what changes from one request to the next (probes' clocks) set to 0. */
function _stable(raw: Raw): Raw {
  const text = raw.body.toString();
  if (!/"uptime_ms":/.test(text)) return raw;
  const body = Buffer.from(text.replace(/"(uptime_ms|event_loop_delay_ms)":\d+/g, '"$1":0'));
  return { ...raw, headers: raw.headers.filter((h) => !h.startsWith("content-length:")), body };
}

async function _cardHits(): Promise<number> {
  const scrape = parseExposition((await _get(fast, "GET", "/metrics", {})).body.toString());
  return scrape.value("presence_kit_card_cache_hits_total");
}

function _header(raw: Raw, name: string): string | undefined {
  return raw.headers.find((h) => h.startsWith(`${name}: `))?.slice(name.length + 2);
}

function _lines(family: ReturnType<typeof h3Durations.collect>): string {
  return family.samples.map((s) => `${family.name}${s.suffix}{${Object.entries(s.labels!).map(([k, v]) => `${k}="${v}"`).join(",")}} ${s.value}\n`).join("");
}
