import { describe, expect, it } from "vitest";
import { cacheControlMaxAge, createAvatarCache } from "./cache.ts";

const avatar = (bytes: number, cacheControl: string | null = "max-age=60") => ({
  body: new Uint8Array(bytes),
  contentType: "image/png",
  etag: null,
  lastModified: null,
  cacheControl,
});

describe("createAvatarCache", () => {
  it("is bounded in entries, dropping the least recently used", () => {
    const cache = createAvatarCache({ maxEntries: 2, maxBytes: 1000 });
    cache.store("a", avatar(1));
    cache.store("b", avatar(1));
    cache.get("a");
    cache.store("c", avatar(1));
    expect([cache.get("a"), cache.get("b"), cache.get("c")].map(Boolean)).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it("is bounded in bytes, and never stores a body over a quarter of the bound", () => {
    const cache = createAvatarCache({ maxEntries: 100, maxBytes: 1000 });
    for (const url of ["a", "b", "c", "d", "e"]) cache.store(url, avatar(250));
    expect(cache.bytes).toBe(1000);
    expect(cache.get("a")).toBeUndefined();
    cache.store("big", avatar(251));
    expect(cache.get("big")).toBeUndefined();
    expect(cache.bytes).toBe(1000);
    // Replacing an entry does not count it twice.
    cache.store("e", avatar(100));
    expect(cache.bytes).toBe(850);
  });

  it("follows the CDN's freshness, capped, and keeps neither no-store nor private", () => {
    let now = 0;
    const cache = createAvatarCache({ maxAgeSeconds: 300, now: () => now });
    cache.store("year", avatar(1, "public, max-age=31536000, immutable"));
    cache.store("ten", avatar(1, "s-maxage=10, max-age=600"));
    cache.store("none", avatar(1, null));
    cache.store("nostore", avatar(1, "no-store"));
    cache.store("private", avatar(1, "private, max-age=60"));
    expect(cache.get("nostore")).toBeUndefined();
    expect(cache.get("private")).toBeUndefined();
    expect(cache.isFresh(cache.get("none")!)).toBe(false);
    now = 10_000;
    expect(cache.isFresh(cache.get("ten")!)).toBe(false);
    expect(cache.isFresh(cache.get("year")!)).toBe(true);
    now = 300_000;
    expect(cache.isFresh(cache.get("year")!)).toBe(false);
    // A 304 without Cache-Control renews with the one already known.
    cache.refresh("year", null);
    expect(cache.isFresh(cache.get("year")!)).toBe(true);
    cache.refresh("year", "no-store");
    expect(cache.get("year")).toBeUndefined();
  });

  it("is off with 0 entries", () => {
    const cache = createAvatarCache({ maxEntries: 0 });
    cache.store("a", avatar(1));
    expect(cache.size).toBe(0);
  });
});

describe("cacheControlMaxAge", () => {
  it.each([
    ["max-age=60", 60],
    ['max-age="60"', 60],
    ["no-cache, max-age=60", 0],
    ["max-age=-1", 0],
    ["max-age=1e9", 0],
    [null, 0],
    ["MAX-AGE=5", 5],
  ])("%s → %i", (value, seconds) => {
    expect(cacheControlMaxAge(value)).toBe(seconds);
  });
});
