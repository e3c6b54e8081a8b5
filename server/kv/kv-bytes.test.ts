// KV byte bounds end to end: REST over a real port and the bot's `.set` DM through the simulator.
// Lanyard's limits count graphemes, and one grapheme can carry any number of combining marks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { PERSONAS } from "../simulator/index.ts";
import { countGraphemes } from "./graphemes.ts";
import { dmBot } from "../_test/dm.ts";

const alice = PERSONAS.moon.id;
const bob = PERSONAS.spotify.id;

/** "a" followed by 520,000 U+0301: one grapheme, 1,040,001 UTF-8 bytes (under the 1 MiB body cap). */
const kCombining = "a" + "\u0301".repeat(520_000);

describe("KV byte bounds (defaults: 64 KiB per value, 1 MiB per user)", () => {
  let stack: Stack;
  let key: string;
  beforeAll(async () => {
    stack = await startStack();
    key = await stack.server.keys.issue(alice);
  });
  afterAll(() => stack?.close());

  async function call(method: string, path: string, body?: string) {
    const res = await fetch(new URL(path, stack.server.url), { method, body, headers: { authorization: key } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const kv = () => stack.server.hub.get(alice)!.presence.kv;

  it("a one-grapheme value of 1 MB (a + 520,000 U+0301) → 413 kv_value_too_large, nothing stored", async () => {
    expect(countGraphemes(kCombining)).toBe(1);
    for (const res of [
      await call("PUT", "/v1/users/@me/kv/mark", kCombining),
      await call("PATCH", "/v1/users/@me/kv", JSON.stringify({ ok: "1", mark: kCombining })),
    ]) {
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual({ code: "kv_value_too_large", message: "value must be 65536 bytes or less (UTF-8)" });
    }
    expect(kv()).toEqual({});
    // Exactly at the bound is accepted; Lanyard's grapheme rule still comes first.
    const edge = "\u20ac".repeat(21_845) + "x"; // 65,536 bytes, 21,846 characters
    expect((await call("PUT", "/v1/users/@me/kv/edge", edge)).status).toBe(204);
    expect((await call("PUT", "/v1/users/@me/kv/edge", `${edge}x`)).body.error.code).toBe("kv_value_too_large");
    const long = await call("PUT", "/v1/users/@me/kv/long", "x".repeat(30_001));
    expect(long.body.error).toEqual({ code: "kv_validation_failed", message: "value must be 30000 characters or less" });
    expect((await call("DELETE", "/v1/users/@me/kv/edge")).status).toBe(204);
  });

  it("the user's total (keys + values) is capped at 1 MiB; overwrites count once; deleting makes room", async () => {
    const value = "\u00e9".repeat(30_000); // 30,000 graphemes, 60,000 bytes: Lanyard-legal
    const fill = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`v${i}`, value]));
    expect((await call("PATCH", "/v1/users/@me/kv", JSON.stringify(fill))).status).toBe(204);
    // 17 × 60,002 = 1,020,034 bytes; one more value would pass 1,048,576.
    const over = await call("PUT", "/v1/users/@me/kv/v17", value);
    expect(over.status).toBe(413);
    expect(over.body.error).toEqual({
      code: "kv_quota_exceeded",
      message: "request would exceed the KV size limit (1048576 bytes), please delete keys first",
    });
    const patchOver = await call("PATCH", "/v1/users/@me/kv", JSON.stringify({ v0: value, v17: value }));
    expect(patchOver.body.error.code).toBe("kv_quota_exceeded");
    expect(Object.keys(kv())).toHaveLength(17);
    // Replacing a value counts the new one only, so the same total fits again.
    expect((await call("PUT", "/v1/users/@me/kv/v0", value)).status).toBe(204);
    expect((await call("DELETE", "/v1/users/@me/kv/v1")).status).toBe(204);
    expect((await call("PUT", "/v1/users/@me/kv/v17", value)).status).toBe(204);
    expect(Object.keys(kv())).toHaveLength(17);
  });
});

describe("KV byte bounds over the bot's .set (KV_MAX_USER_BYTES=2048)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { KV_MAX_USER_BYTES: "2048", KV_MAX_VALUE_BYTES: "1024" } });
  });
  afterAll(() => stack?.close());

  /** `userId` DMs `content`; resolves with the bot's reply to that message. */
  const dm = (userId: string, content: string) => dmBot(stack.sim, userId, content);


  it(".set answers each byte refusal with its message and stores nothing", async () => {
    // 600 × U+0301 after "a": one character, 1,201 bytes.
    const marks = "a" + "\u0301".repeat(600);
    expect((await dm(bob, `.set mark ${marks}`)).content).toBe(":x: value must be 1024 bytes or less (UTF-8)");
    const value = "x".repeat(1000);
    expect((await dm(bob, `.set a ${value}`)).content).toContain("`a` set");
    expect((await dm(bob, `.set b ${value}`)).content).toContain("`b` set");
    expect((await dm(bob, `.set c ${value}`)).content).toBe(
      ":x: request would exceed the KV size limit (2048 bytes), please delete keys first",
    );
    expect(stack.server.hub.get(bob)!.presence.kv).toEqual({ a: value, b: value });
  });
});
