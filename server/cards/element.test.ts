import { describe, expect, it } from "vitest";
import { byArtist, formatDuration, glueEmoji } from "./element.ts";
import { trackProgress } from "./progress.ts";

describe("card text helpers", () => {
  it("formats durations as m:ss or h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(61_999)).toBe("1:01");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(-5)).toBe("0:00");
  });

  it("glues each emoji to what follows, so a clamped line never ends on one", () => {
    expect(glueEmoji("Live 🎵🔥 — Wembley")).toBe("Live 🎵\u2060🔥\u00a0— Wembley");
    // Sequences stay whole: a skin tone, a ZWJ family, a presentation selector.
    expect(glueEmoji("a 👍🏽 b")).toBe("a 👍🏽\u00a0b");
    expect(glueEmoji("👩‍👩‍👧 x")).toBe("👩‍👩‍👧\u00a0x");
    expect(glueEmoji("❤️ y")).toBe("❤️\u00a0y");
    expect(glueEmoji("no emoji here")).toBe("no emoji here");
  });

  it("does not double a player's own 'by '", () => {
    expect(byArtist("YOASOBI")).toBe("by YOASOBI");
    expect(byArtist("by Sabrina Carpenter")).toBe("by Sabrina Carpenter");
  });
});

describe("trackProgress", () => {
  it("is elapsed / total at now, clamped to the track", () => {
    expect(trackProgress({ start: 1000, end: 201_000 }, 51_000)).toEqual({ elapsed: 50_000, total: 200_000, ratio: 0.25 });
    expect(trackProgress({ start: 1000, end: 201_000 }, 999_999)!.ratio).toBe(1);
    expect(trackProgress({ start: 1000, end: 201_000 }, 0)!.elapsed).toBe(0);
  });

  it("is null without both timestamps", () => {
    expect(trackProgress(null, 1)).toBeNull();
    expect(trackProgress({ start: 1 }, 2)).toBeNull();
    expect(trackProgress({ start: 5, end: 5 }, 5)).toBeNull();
  });
});
