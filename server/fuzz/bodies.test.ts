import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillerUser, PERSONAS } from "../simulator/index.ts";
import { anySegment, expectJsonError, kKnownId, startFuzz, type Fuzz } from "./harness.ts";

// KV bodies and Authorization headers: arbitrary JSON, not-JSON, deep, huge and binary bodies,
// with a valid key, an unknown key, a malformed one or none. Accepted writes are read back.

const kFillers = 20;
let fuzz: Fuzz;
let key: string;
let otherKey: string;
beforeAll(async () => {
  fuzz = await startFuzz("bodies", {}, { members: kFillers });
  key = await fuzz.stack.server.keys.issue(kKnownId);
  otherKey = await fuzz.stack.server.keys.issue(PERSONAS.gamer.id);
});
afterAll(() => fuzz?.close());

const kKvStatuses = [400, 401, 403, 404, 413];
const kKvCodes = [
  "no_permission",
  "forbidden",
  "user_not_monitored",
  "kv_validation_failed",
  "invalid_kv_value",
  "payload_too_large",
  "kv_value_too_large",
  "kv_quota_exceeded",
  "bad_request",
];

/** Who the request claims to be: the owner's key, another user's, a made-up one, or none. */
const auth = fc.oneof(
  { weight: 4, arbitrary: fc.constant("owner") },
  fc.constant("other"),
  fc.constant("none"),
  fc.stringMatching(/^[\x20-\x7e]{0,80}$/).map((s) => `raw:${s.trim()}`),
  fc.constant("raw:pk_00000000000000000000000000000000"),
);

/** The path's `:id`: `@me`, the owner's id, someone else's, or anything. */
const target = fc.oneof(
  { weight: 4, arbitrary: fc.constant("@me") },
  fc.constant(kKnownId),
  fc.constant(PERSONAS.gamer.id),
  anySegment,
);

/** PATCH bodies: flat objects of strings (valid or not by the limits), any JSON, not JSON. */
const patchBody = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.dictionary(fc.stringMatching(/^[a-zA-Z0-9_]{0,12}$/), fc.string({ maxLength: 40 })).map(_json),
  },
  fc.dictionary(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" })).map(_json),
  fc.jsonValue().map(_json),
  fc.json(),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.integer({ min: 1, max: 5000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 1, max: 5000 }).map((depth) => '{"a":'.repeat(depth) + '""' + "}".repeat(depth)),
  fc.constantFrom("", "null", "{}", "[]", '{"a":1}', '{"__proto__":"x"}', '{"constructor":"x"}', '{"a":"b"'),
  fc.integer({ min: 1_000_000, max: 1_200_000 }).map((n) => `{"a":"${"x".repeat(n)}"}`),
);

describe("fuzz: KV bodies and Authorization", () => {
  it("PATCH /v1/users/:id/kv", async () => {
    await fuzz.check(150, fc.tuple(auth, target, patchBody), async ([who, id, body]) => {
      const res = await fuzz.send(`/v1/users/${id}/kv`, { method: "PATCH", headers: _headers(who), body });
      if (res.status !== 204) return expectJsonError(res, kKvStatuses, kKvCodes);
      expect(_owns(who, id)).toBe(true);
      const written = JSON.parse(body) as Record<string, string>;
      const kv = await _kv(who);
      for (const [k, v] of Object.entries(written)) expect(kv[k]).toBe(v);
      await _clear(who, Object.keys(written));
    });
  });

  it("PUT /v1/users/:id/kv/:key with arbitrary bytes", async () => {
    const kvKey = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_]{1,20}$/), anySegment);
    const utf8 = fc.string({ unit: "grapheme" }).map((s) => new TextEncoder().encode(s));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), utf8);
    await fuzz.check(150, fc.tuple(auth, target, kvKey, bytes), async ([who, id, k, body]) => {
      const res = await fuzz.send(`/v1/users/${id}/kv/${k}`, { method: "PUT", headers: _headers(who), body });
      if (res.status !== 204) return expectJsonError(res, kKvStatuses, kKvCodes);
      expect(_owns(who, id)).toBe(true);
      expect((await _kv(who))[decodeURIComponent(k)]).toBe(Buffer.from(body).toString("utf8"));
      await _clear(who, [decodeURIComponent(k)]);
    });
  });

  it("DELETE /v1/users/:id/kv/:key and GET /v1/users/@me", async () => {
    await fuzz.check(80, fc.tuple(auth, target, anySegment, fc.boolean()), async ([who, id, k, me]) => {
      const res = me
        ? await fuzz.send("/v1/users/@me", { headers: _headers(who) })
        : await fuzz.send(`/v1/users/${id}/kv/${k}`, { method: "DELETE", headers: _headers(who) });
      const allowed = me ? _keyOf(who) !== undefined : _owns(who, id);
      if (res.status === 200 || res.status === 204) return void expect(allowed).toBe(true);
      expectJsonError(res, kKvStatuses, kKvCodes);
    });
  });
});

describe("fuzz: concurrent KV writes", () => {
  it("never exceed 512 pairs, and every accepted PATCH is stored whole", async () => {
    let turn = 0;
    const patch = fc.uniqueArray(fc.integer({ min: 0, max: 699 }), { maxLength: 200 });
    await fuzz.check(8, fc.array(patch, { minLength: 2, maxLength: 6 }), async (patches) => {
      const userKey = await fuzz.stack.server.keys.issue(fillerUser(turn++ % kFillers).id);
      const headers = { authorization: userKey };
      const read = async () => (await fuzz.send("/v1/users/@me", { headers })).json.data.kv;
      const before = Object.keys(await read());
      const results = await Promise.all(
        patches.map(async (numbers) => {
          const body = JSON.stringify(Object.fromEntries(numbers.map((n) => [`k${n}`, "v"])));
          const res = await fuzz.send("/v1/users/@me/kv", { method: "PATCH", headers, body });
          if (res.status !== 204) expectJsonError(res, [404], ["kv_validation_failed"]);
          return { keys: numbers.map((n) => `k${n}`), ok: res.status === 204 };
        }),
      );
      const after = new Set(Object.keys(await read()));
      expect(after.size).toBeLessThanOrEqual(512);
      const accepted = new Set(results.filter((r) => r.ok).flatMap((r) => r.keys));
      for (const k of accepted) expect(after.has(k)).toBe(true);
      // A refused PATCH writes nothing: every pair comes from before or from an accepted one.
      for (const k of after) expect(accepted.has(k) || before.includes(k)).toBe(true);
    });
  });
});

// --- internal ---

function _json(value: unknown): string {
  return JSON.stringify(value);
}

/** The valid API key `who` stands for, if any. */
function _keyOf(who: string): string | undefined {
  return who === "owner" ? key : who === "other" ? otherKey : undefined;
}

/** Whether `who` may write the KV at path `:id`. */
function _owns(who: string, segment: string): boolean {
  const id = _decode(segment);
  if (id === "@me") return _keyOf(who) !== undefined;
  return (who === "owner" && id === kKnownId) || (who === "other" && id === PERSONAS.gamer.id);
}

function _decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function _headers(who: string): Record<string, string> {
  const valid = _keyOf(who);
  if (valid) return { authorization: valid };
  return who.startsWith("raw:") && who.length > 4 ? { authorization: who.slice(4) } : {};
}

async function _kv(who: string): Promise<Record<string, string>> {
  return (await fuzz.send("/v1/users/@me", { headers: _headers(who) })).json.data.kv;
}

/**
 * Deletes the pairs a case wrote, so the 512-pair limit never decides a later case. The empty
 * key (allowed by Lanyard's `^[a-zA-Z0-9_]*$`) has no DELETE path: it stays, as one pair.
 */
async function _clear(who: string, keys: string[]) {
  for (const k of keys.filter((k) => k !== "")) {
    const path = `/v1/users/@me/kv/${encodeURIComponent(k)}`;
    expect((await fuzz.send(path, { method: "DELETE", headers: _headers(who) })).status).toBe(204);
  }
}
