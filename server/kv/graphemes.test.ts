import { describe, expect, it } from "vitest";
import { countGraphemes } from "./graphemes.ts";

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const whole = (text: string) => [...segmenter.segment(text)].length;

describe("countGraphemes", () => {
  it("counts clusters, not code units", () => {
    expect(countGraphemes("")).toBe(0);
    expect(countGraphemes("abc")).toBe(3);
    expect(countGraphemes("👨‍👩‍👧‍👦e\u0301🇫🇷\r\n")).toBe(4);
  });

  it("gives the same count as one Intl.Segmenter pass whatever the chunk size", () => {
    const pieces = ["a", "\r\n", "👨‍👩‍👧‍👦", "🇫🇷", "🇩", "e\u0301", "\u0301", "\u200d", "한"];
    pieces.push("\u1100\u1161\u11a8", "x\u0308\u0308", "🏳️‍🌈", "\ud83d", "\r");
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const length = 1 + Math.floor(random() * 60);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      for (const chunk of [1, 2, 3, 5, 8, 4096]) {
        expect(countGraphemes(text, Infinity, chunk), `${chunk} ${JSON.stringify(text)}`).toBe(whole(text));
      }
    }
  });

  it("one long cluster widens the chunk instead of splitting it", () => {
    expect(countGraphemes("a" + "\u0301".repeat(100_000), Infinity, 16)).toBe(1);
  });

  it("stays fast on 30,000 family emoji (one segmenter pass takes seconds)", () => {
    const started = performance.now();
    expect(countGraphemes("👨‍👩‍👧‍👦".repeat(30_000))).toBe(30_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
