// Lanyard's grapheme limits without segmenting what needs none: counting graphemes with
// Intl.Segmenter costs ≈ 2.5 µs each in the event loop (≈ 80 ms for one 1 MB ASCII value), so
// ASCII and text with few code points are decided without it, with the same answers.
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkPair, kvLimits } from "./limits.ts";

const max = kvLimits.valueLength;
const roomy = { maxValueBytes: 1 << 30, maxUserBytes: 1 << 30 };

afterEach(() => void vi.restoreAllMocks());

/** The code of checkPair's answer for `value`, and how many times it segmented text. */
function _check(value: string) {
  const segment = vi.spyOn(Intl.Segmenter.prototype, "segment");
  const code = checkPair("k", value, roomy)?.code ?? "ok";
  const calls = segment.mock.calls.length;
  vi.restoreAllMocks();
  return { code, calls };
}

describe("KV value length without segmenting", () => {
  it.each([
    ["1 MB of ASCII", "x".repeat(1_000_000), "kv_validation_failed"],
    ["ASCII one character over", "x".repeat(max + 1), "kv_validation_failed"],
    ["ASCII at the limit through CR LF pairs", "\r\n".repeat(max), "ok"],
    ["ASCII one over with CR LF pairs", "\r\n".repeat(max - 1) + "ab", "kv_validation_failed"],
    ["lone LFs and CRs count one each", "\n".repeat(max) + "\r", "kv_validation_failed"],
    ["LF CR is two, but the CR LF they make with the next LF is one", "\n\r".repeat(max / 2) + "\n", "ok"],
    ["astral emoji at the limit (two units each)", "😀".repeat(max), "ok"],
    ["astral emoji plus accents, code points at the limit", "😀".repeat(max - 10) + "é".repeat(10), "ok"],
  ])("%s", (_name, value, expected) => {
    const { code, calls } = _check(value);
    expect(code).toBe(expected);
    expect(calls).toBe(0);
  });

  it.each([
    ["combining accents: one character per pair", "e\u0301".repeat(max), "ok"],
    ["combining accents, one pair over", "e\u0301".repeat(max + 1), "kv_validation_failed"],
    ["a family emoji per character", "👨‍👩‍👧‍👦".repeat(max), "ok"],
  ])("still segments what needs it: %s", (_name, value, expected) => {
    const { code, calls } = _check(value);
    expect(code).toBe(expected);
    expect(calls).toBeGreaterThan(0);
  });
});
