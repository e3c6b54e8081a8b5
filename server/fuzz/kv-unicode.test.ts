import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimMessage } from "../simulator/index.ts";
import { expectJsonError, kKnownId, startFuzz, type Fuzz } from "./harness.ts";

// Byte-heavy Unicode on every KV field (keys and values; REST PUT, PATCH and the bot's `.set`):
// combining marks (one grapheme, any number of bytes), ZWJ sequences, lone and paired surrogates.
// Small byte bounds make every case cross them. Each answer must be the one a model of the rules
// gives (Lanyard's grapheme limits first, then bytes per value, then bytes per user), and every
// accepted pair must read back exactly as sent.

const kValueBytes = 2048;
const kUserBytes = 4096;
let fuzz: Fuzz;
let key: string;
beforeAll(async () => {
  fuzz = await startFuzz("kv-unicode", { KV_MAX_VALUE_BYTES: String(kValueBytes), KV_MAX_USER_BYTES: String(kUserBytes) });
  key = await fuzz.stack.server.keys.issue(kKnownId);
});
afterAll(() => fuzz?.close());

/** Pieces of byte-heavy text; none is whitespace, so a `.set` key built from them stays one word. */
const piece = fc.oneof(
  fc.integer({ min: 1, max: 1500 }).map((n) => "a" + "\u0301".repeat(n)), // 1 grapheme, 2n + 1 bytes
  fc.integer({ min: 1, max: 120 }).map((n) => "👨‍👩‍👧‍👦".repeat(n)), // 25 bytes per grapheme
  fc.integer({ min: 1, max: 40 }).map((n) => "🏳️‍🌈".repeat(n)),
  fc.constantFrom("\ud800", "\udfff", "\ud83d\ude00", "\ude00\ud83d", "a\u200d", "\u200d", "\ufeffx", "é", "e\u0301"),
  fc.stringMatching(/^[a-zA-Z0-9_]{1,12}$/),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => s.replace(/\s/g, "")),
);
/** How often each outcome came up: every one must, or the cases did not cross the bounds. */
const tally = new Map<string, number>();
const text = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));
/** Keys: mostly valid (a few, so overwrites and the per-user total come up), or byte-heavy. */
const kvKey = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("k0", "k1", "k2", "k3", "k4", "song") }, text);

describe("fuzz: byte-heavy Unicode in the KV", () => {
  it("REST PUT: values as raw UTF-8 bodies, keys percent-encoded", async () => {
    await fuzz.check(60, fc.tuple(kvKey, text), async ([k, v]) => {
      const stored = Buffer.from(v, "utf8").toString("utf8"); // lone surrogates travel as U+FFFD
      const path = `/v1/users/@me/kv/${encodeURIComponent(_wellFormed(k))}`;
      const expected = _model(_kv(), { [_wellFormed(k)]: stored });
      const res = await fuzz.send(path, { method: "PUT", headers: { authorization: key }, body: Buffer.from(v) });
      _expectAnswer(res, expected);
      if (expected.ok) expect(_kv()[_wellFormed(k)]).toBe(stored);
    });
  });

  it("REST PATCH: keys and values as JSON strings, lone surrogates escaped", async () => {
    const body = fc.dictionary(kvKey, text, { minKeys: 1, maxKeys: 3 });
    await fuzz.check(60, body, async (pairs) => {
      const expected = _model(_kv(), pairs);
      const res = await fuzz.send("/v1/users/@me/kv", {
        method: "PATCH",
        headers: { authorization: key },
        body: JSON.stringify(pairs),
      });
      _expectAnswer(res, expected);
      // Read back over HTTP: the JSON answer escapes lone surrogates, so they survive the trip.
      const kv = (await fuzz.send("/v1/users/@me", { headers: { authorization: key } })).json.data.kv;
      if (expected.ok) for (const [k, v] of Object.entries(pairs)) expect(kv[k]).toBe(v);
    });
  });

  it("the bot's .set: one reply, the model's refusal message or the pair stored", async () => {
    const channel = fuzz.stack.sim.dmChannel(kKnownId);
    await fuzz.check(40, fc.tuple(kvKey, text), async ([k, v]) => {
      const expected = _model(_kv(), { [k]: v });
      const reply = _reply(channel);
      fuzz.stack.sim.sendDirectMessage(kKnownId, `.set ${k} ${v}`);
      const content = (await reply).content;
      expect(content.length).toBeLessThanOrEqual(2000);
      if (expected.ok) {
        expect(content).toContain("set");
        expect(_kv()[k]).toBe(v);
      } else {
        expect(content.startsWith(`:x: ${expected.message ?? ""}`), content.slice(0, 200)).toBe(true);
      }
    });
  });

  it("covered every outcome: stored, grapheme refusal, value bytes, user bytes", () => {
    expect([...tally.keys()].sort()).toEqual(["kv_quota_exceeded", "kv_validation_failed", "kv_value_too_large", "ok"]);
  });
});

// --- internal ---

interface _Expected {
  ok: boolean;
  status?: number;
  code?: string;
  /** The exact message, where the model knows it (the byte bounds). */
  message?: string;
}

function _kv(): Record<string, string> {
  return fuzz.stack.server.hub.get(kKnownId)!.presence.kv;
}

/** The rules, written from the README: every pair (grapheme limits, key charset, value bytes), then the user's total. */
function _model(current: Record<string, string>, pairs: Record<string, string>): _Expected {
  const expected = _rules(current, pairs);
  const outcome = expected.code ?? "ok";
  tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  return expected;
}

function _rules(current: Record<string, string>, pairs: Record<string, string>): _Expected {
  const added = Object.keys(pairs).filter((k) => !Object.hasOwn(current, k)).length;
  for (const [k, v] of Object.entries(pairs)) {
    if (_graphemes(k) > 255 || !/^[a-zA-Z0-9_]*$/.test(k) || _graphemes(v) > 30_000) {
      return { ok: false, status: 404, code: "kv_validation_failed" };
    }
    if (_bytes(v) > kValueBytes) {
      return { ok: false, status: 413, code: "kv_value_too_large", message: `value must be ${kValueBytes} bytes or less (UTF-8)` };
    }
  }
  if (Object.keys(current).length + added > 512) return { ok: false, status: 404, code: "kv_validation_failed" };
  const merged = { ...current, ...pairs };
  const total = Object.entries(merged).reduce((sum, [k, v]) => sum + _bytes(k) + _bytes(v), 0);
  if (total > kUserBytes) {
    const message = `request would exceed the KV size limit (${kUserBytes} bytes), please delete keys first`;
    return { ok: false, status: 413, code: "kv_quota_exceeded", message };
  }
  return { ok: true };
}

function _expectAnswer(res: Awaited<ReturnType<Fuzz["send"]>>, expected: _Expected) {
  if (expected.ok) return void expect(res.status, res.text.slice(0, 200)).toBe(204);
  expectJsonError(res, [expected.status!], [expected.code!]);
  if (expected.message) expect(res.json.error.message).toBe(expected.message);
}

const _segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
function _graphemes(s: string): number {
  let n = 0;
  for (const _ of _segmenter.segment(s)) n += 1;
  return n;
}

function _bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** What a key is once it went through a URL: lone surrogates cannot be percent-encoded. */
function _wellFormed(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

/** The bot's next message in `channel`. */
function _reply(channel: string): Promise<SimMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error("no reply"))), 5000);
    const on = (m: SimMessage) => {
      if (m.channel_id !== channel || m.author.id !== fuzz.stack.sim.bot.id) return;
      clearTimeout(timer);
      off();
      resolve(m);
    };
    const off = () => fuzz.stack.sim.off("message", on);
    fuzz.stack.sim.on("message", on);
  });
}
