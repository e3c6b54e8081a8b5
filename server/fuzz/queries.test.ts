import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPAT_OPTIONS } from "../cards/compat.ts";
import { PERSONAS } from "../simulator/index.ts";
import { openSse, type SseMessage } from "../_test/sse-client.ts";
import { anyId, expectJsonError, kKnownId, kUnknownId, startFuzz, type Fuzz } from "./harness.ts";

// Query options and headers: every card option with arbitrary values (the card or an error card,
// told apart by its cache lifetime), the SSE routes' ids / all / last_event_id, and the
// Last-Event-ID, Accept, If-None-Match, Authorization and Origin headers on every kind of route.

let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("queries");
});
afterAll(() => fuzz?.close());

/** A header value Node lets a client send: tab, printable ASCII and Latin-1, up to 120 chars. */
const kHeaderChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constant(9),
);
const kHeaderValue = fc.string({ unit: kHeaderChar.map((c) => String.fromCharCode(c)), maxLength: 120 });

/** One card option: a documented value (`ok`) or anything. */
const kValid: Record<string, fc.Arbitrary<string>> = {
  card: fc.constantFrom("profile", "spotify"),
  theme: fc.constantFrom("dark", "light", "dracula", "nord", "gruvbox", "tokyonight", "catppuccin_mocha", "discord"),
  bg: fc.oneof(fc.stringMatching(/^([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/), fc.constant("transparent")),
  accent: fc.stringMatching(/^[0-9a-f]{6}$/),
  radius: fc.integer({ min: 0, max: 40 }).map(String),
  hide_status: fc.constantFrom("true", "false", "1", "0", ""),
  hide_activity: fc.constantFrom("true", "false", "when_not_used"),
  hide_spotify: fc.constantFrom("true", "0"),
  hide_badges: fc.constantFrom("1", "false"),
  hide_profile: fc.constantFrom("", "false"),
  hide_timestamp: fc.constantFrom("true", "false"),
  hide_decoration: fc.constantFrom("true", "false"),
  idle_message: fc.string({ unit: "grapheme-ascii", maxLength: 60 }),
  show_display_name: fc.constantFrom("true", "false"),
  progress: fc.constantFrom("full", "bar", "none", "static"),
  hide_custom_status: fc.constantFrom("true", "false"),
  ignore_app_id: fc.array(fc.constantFrom("383226320970055681", "782685898163617802"), { minLength: 1, maxLength: 3 }).map((ids) => ids.join(",")),
  animated: fc.constantFrom("true", "false", "0"),
  avatar_shape: fc.constantFrom("circle", "square"),
  avatar_radius: fc.integer({ min: 0, max: 32 }).map(String),
  width: fc.integer({ min: 300, max: 800 }).map(String),
  scale: fc.constantFrom("1", "2"),
  cache_seconds: fc.integer({ min: 0, max: 86_400 }).map(String),
};
const kOptionNames = Object.keys(kValid);

const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer({ min: -100_000, max: 100_000_000 }).map(String),
  fc.constantFrom("NaN", "-0", "1e3", "0x10", " 1", "true ", "TRUE", "__proto__", "constructor", "#fff"),
  fc.string({ minLength: 101, maxLength: 400 }),
);

/** A card query: some options valid, some arbitrary, maybe one repeated, plus unknown names. */
const optionName = fc.constantFrom(...kOptionNames);
const unsure = ([n, v]: [string, string]) => ({ n, v, ok: false });
const cardQuery = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: optionName.chain((n) => kValid[n]!.map((v) => ({ n, v, ok: true }))) },
    fc.tuple(optionName, anyValue).map(unsure),
    fc.tuple(fc.string({ maxLength: 10 }), anyValue).map(unsure),
  ),
  { maxLength: 6 },
);

describe("fuzz: card options", () => {
  it("answer the card, or an error card with a 10 s cache when an option is bad", async () => {
    const id = fc.constantFrom(kKnownId, PERSONAS.spotify.id, PERSONAS.cycler.id);
    const ext = fc.constantFrom("svg", "svg", "svg", "png");
    await fuzz.check(50, fc.tuple(id, ext, cardQuery), async ([user, format, pairs]) => {
      const query = new URLSearchParams(pairs.map((p) => [p.n, p.v]));
      const res = await fuzz.send(`/cards/${user}.${format}?${query}`);
      expect(res.status, res.text.slice(0, 200)).toBe(200);
      expect(res.headers["content-type"]).toMatch(format === "png" ? /^image\/png/ : /^image\/svg\+xml/);
      const names = pairs.map((p) => p.n);
      const repeated = names.some((n, i) => kOptionNames.includes(n) && names.indexOf(n) !== i);
      const allValid = !repeated && pairs.every((p) => p.ok || !kOptionNames.includes(p.n));
      const seconds = query.get("cache_seconds");
      // Only a query the model knows to be fine must give the card itself.
      if (allValid && seconds !== "10") {
        const n = seconds ?? 60;
        const expected = seconds === "0" ? "no-cache, max-age=0" : `public, max-age=${n}, s-maxage=${n}, stale-while-revalidate=${n}`;
        expect(res.headers["cache-control"]).toBe(expected);
      }
    });
  });
});

describe("fuzz: lanyard-profile-readme queries on /api/:id", () => {
  it("any value of any of its options is the card itself, never an error card", async () => {
    const name = fc.constantFrom(...COMPAT_OPTIONS.map((row) => row.name));
    const pairs = fc.array(fc.tuple(name, anyValue), { maxLength: 6 });
    await fuzz.check(40, pairs, async (list) => {
      const res = await fuzz.send(`/api/${PERSONAS.spotify.id}?${new URLSearchParams(list)}`);
      expect(res.status, res.text.slice(0, 200)).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
      // An error card would have the 10 s cache; the card has the default 60 s.
      expect(res.headers["cache-control"]).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=60");
    });
  });
});

describe("fuzz: SSE queries and headers", () => {
  it("GET /v1/events with arbitrary ids / all / last_event_id", async () => {
    const known = fc.constantFrom(kKnownId, kUnknownId, PERSONAS.gamer.id);
    const item = fc.oneof(anyId.filter((s) => s.length < 200), known);
    const tooMany = Array.from({ length: 501 }, (_, i) => `${10n ** 17n + BigInt(i)}`).join(",");
    const param = fc.oneof(
      fc.array(item, { maxLength: 5 }).map((ids) => ["ids", ids.join(",")]),
      fc.tuple(fc.constant("all"), fc.oneof(anyValue, fc.constantFrom("true", "false", "1", "0", ""))),
      fc.tuple(fc.constant("last_event_id"), anyValue),
      fc.constant(["ids", tooMany]),
    );
    await fuzz.check(100, fc.array(param, { maxLength: 4 }), async (params) => {
      const res = await fuzz.send(`/v1/events?${new URLSearchParams(params as [string, string][])}`);
      if (res.status === 200) return _expectStream(res.text);
      expectJsonError(res, [400], ["missing_ids", "too_many_ids", "invalid_user_id", "bad_request"]);
    });
  });

  it("Last-Event-ID of any shape is never an error", async () => {
    const odd = fc.constantFrom("1.1", "abcdefgh.z", "-1", "99999999999999999999");
    const header = fc.oneof(kHeaderValue, fc.nat().map(String), odd);
    const route = fc.constantFrom(
      `/v1/users/${kKnownId}/events`,
      `/v1/users/${kUnknownId}/events`,
      `/v1/events?ids=${kKnownId}`,
      "/v1/events?all=true",
    );
    await fuzz.check(80, fc.tuple(route, header), async ([path, last]) => {
      const res = await fuzz.send(path, { headers: { "last-event-id": last } });
      // An unknown user without a usable last id is the documented 404.
      if (res.status === 404 && path.includes(kUnknownId) && !last.trim()) return;
      expect(res.status, res.text).toBe(200);
      _expectStream(res.text);
    });
  });
});

describe("fuzz: resuming near real event ids", () => {
  it("a stream resumed from any id close to a real one still delivers the next change", async () => {
    const { events, lastEventId } = await _peek(`/v1/events?ids=${kKnownId}`);
    const epoch = lastEventId.split(".")[0]!;
    const version = Number((await _peek(`/v1/users/${kKnownId}/events`)).lastEventId);
    expect(events[0]?.event).toBe("init");
    const base36 = fc.stringMatching(/^[0-9a-z]{0,14}$/);
    const many = `/v1/events?ids=${kKnownId}`;
    const one = `/v1/users/${kKnownId}/events`;
    const odd = fc.constantFrom("0", "01", "+1", "1.0", "1e3", "9".repeat(30), `${epoch}.`, `${epoch}..1`, ".");
    const near = fc.oneof(
      fc.tuple(fc.constant(many), fc.oneof(base36, kHeaderValue).map((seq) => `${epoch}.${seq}`)),
      fc.tuple(fc.constant(one), fc.integer({ min: -3, max: 3 }).map((n) => String(version + n))),
      fc.tuple(fc.constantFrom(one, "/v1/events?all=true"), odd),
    );
    const statuses = ["idle", "dnd", "online"] as const;
    let turn = 0;
    await fuzz.check(40, near, async ([path, last]) => {
      const stream = await openSse(`${fuzz.stack.server.url}${path}`, { "last-event-id": last });
      try {
        expect(stream.status).toBe(200);
        const status = statuses[turn++ % 3]!;
        fuzz.stack.sim.setPresence(kKnownId, { status });
        const seen = (m: SseMessage) => {
          const d = m.data ? m.json() : {};
          return (d.user_id === kKnownId ? d : d[kKnownId])?.discord_status === status;
        };
        await stream.until((m) => ["init", "presence"].includes(m.event) && seen(m));
      } finally {
        stream.close();
      }
    });
  });
});

describe("fuzz: headers on every kind of route", () => {
  it("Accept, If-None-Match, Authorization and Origin never change an answer into an error", async () => {
    const route = fc.constantFrom(
      "/",
      `/v1/users/${kKnownId}`,
      `/v1/presence/${kKnownId}`,
      `/cards/${kKnownId}.svg`,
      "/v1/users/x",
      `/user/${kKnownId}`,
      "/health",
    );
    const typical = fc.constantFrom("*/*", "text/html", "text/html;q=0", "application/json;q=2", '"abc"', 'W/"x"', "*");
    const value = fc.oneof(kHeaderValue, typical);
    const headers = fc.record(
      { accept: value, "if-none-match": value, authorization: value, origin: value },
      { requiredKeys: [] },
    );
    await fuzz.check(100, fc.tuple(route, headers), async ([path, h]) => {
      const trimmed = _present(h);
      const res = await fuzz.send(path, { headers: trimmed });
      expect(res.status, res.text.slice(0, 200)).toBeLessThan(500);
      if (path.startsWith("/cards/")) return void expect([200, 304]).toContain(res.status);
      if (path === "/v1/users/x") return expectJsonError(res, [404], ["user_not_monitored"]);
      expect(res.status).toBe(200);
      if (trimmed.origin) expect(res.headers["access-control-allow-origin"]).toBe("*");
    });
  });
});

describe("fuzz: If-None-Match on cards", () => {
  it("answers 304 exactly when the list names the card's ETag, weak or strong, or is *", async () => {
    // The idle persona's card has no clock on it, so its ETag stays put.
    const path = `/cards/${PERSONAS.moon.id}.svg`;
    const etag = String((await fuzz.send(path)).headers.etag);
    const tag = fc.oneof(
      fc.constantFrom(etag, `W/${etag}`, etag.slice(1, -1), `"${etag}"`, "*", ""),
      fc.stringMatching(/^"[\w-]{0,30}"$/),
      kHeaderValue.filter((v) => !v.includes(etag)),
    );
    await fuzz.check(40, fc.array(tag, { minLength: 1, maxLength: 4 }), async (tags) => {
      const value = tags.join(", ").trim();
      const res = await fuzz.send(path, { headers: value ? { "if-none-match": value } : {} });
      const named = value === "*" || tags.some((t) => t.trim().replace(/^W\//, "") === etag);
      expect(res.status, value).toBe(named ? 304 : 200);
      expect(res.headers.etag).toBe(etag);
    });
  });
});

describe("fuzz: CORS preflights", () => {
  it("answer 200 with the requested method and headers echoed, whatever they are", async () => {
    const path = fc.constantFrom("/", `/v1/users/${kKnownId}`, "/v1/users/@me/kv", "/nowhere", "/v1/events");
    const headers = fc.record({ origin: kHeaderValue, method: kHeaderValue, requested: kHeaderValue });
    await fuzz.check(80, fc.tuple(path, headers), async ([p, h]) => {
      const [origin, method, requested] = [h.origin.trim(), h.method.trim(), h.requested.trim()];
      const sent = { origin, "access-control-request-method": method, "access-control-request-headers": requested };
      const res = await fuzz.send(p, { method: "OPTIONS", headers: _present(sent) });
      expect(res.status, res.text).toBeLessThan(500);
      if (!origin || !method) return;
      expect(res.status).toBe(200);
      expect(res.headers["access-control-allow-methods"]).toBe(method);
    });
  });
});

// --- internal ---

/** Headers with surrounding whitespace trimmed, the empty ones left out. */
function _present(headers: Record<string, string>): Record<string, string> {
  const entries = Object.entries(headers).map(([k, v]) => [k, v.trim()]);
  return Object.fromEntries(entries.filter(([, v]) => v));
}

/** The events a stream sends at once (its init), and the id a browser would resume from. */
async function _peek(path: string) {
  const stream = await openSse(`${fuzz.stack.server.url}${path}`);
  await stream.next();
  stream.close();
  return { events: stream.events, lastEventId: stream.lastEventId };
}

function _expectStream(text: string) {
  expect(text, text).toMatch(/^(retry: \d+\n|: |id:|event: )/);
}
