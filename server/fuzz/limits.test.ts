import { isIP } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectJsonError, kKnownId, startFuzz, type Fuzz, type RawResponse } from "./harness.ts";

// Rate limits behind a trusted proxy header: any X-Forwarded-For value is either an address that
// gets its own budget (the right-most entry, as our proxy appends it) or ignored for the peer's.

const kLimit = 5;
let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("limits", {
    RATE_LIMIT_REST: String(kLimit),
    RATE_LIMIT_WINDOW: "600",
    TRUST_PROXY_HEADER: "x-forwarded-for",
  });
});
afterAll(() => fuzz?.close());

const junk = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  fc.constantFrom("unknown", "for=", "[::1", "1.2.3", "1.2.3.4.5", "::ffff:", "_hidden", "1.2.3.4:x"),
);

describe("fuzz: rate limits by a trusted proxy header", () => {
  it("count each right-most address on its own, refuse past the limit with 429 and Retry-After", async () => {
    let turn = 0;
    // Each step is one request: from one of three fresh addresses (after any client-sent junk
    // entries), or with a header whose last entry is not an address.
    const step = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.array(junk, { maxLength: 2 })), junk);
    await fuzz.check(40, fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
      turn += 1;
      const counts = [0, 0, 0];
      for (const s of steps) {
        const last = typeof s === "string" ? s : `10.${turn % 250}.${Math.floor(turn / 250)}.${s[0]}`;
        const header = typeof s === "string" ? s : [...s[1], last].join(", ");
        const res = await fuzz.send(`/v1/users/${kKnownId}`, { headers: { "x-forwarded-for": header } });
        if (typeof s === "string" && isIP(last.trim()) === 0) {
          // The peer's own budget (127.0.0.1), shared by every such request of the run.
          if (res.status !== 200) _expectLimited(res);
          continue;
        }
        if (typeof s === "string") continue; // junk that happens to be an address
        counts[s[0]]! += 1;
        if (counts[s[0]]! <= kLimit) expect(res.status, `${header}: ${res.text}`).toBe(200);
        else _expectLimited(res);
      }
    });
  });
});

// --- internal ---

function _expectLimited(res: RawResponse) {
  expectJsonError(res, [429], ["rate_limited"]);
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
}
