import { describe, expect, it } from "vitest";
import type { CanonicalPresence } from "../presence/types.ts";
import { parseCardOptions } from "./options.ts";
import { createRenderCache, renderCacheKey } from "./render-cache.ts";
import type { RenderedCard } from "./render.ts";

const card = (text: string, placeholder?: true): RenderedCard => ({ body: Buffer.from(text), contentType: "image/png", placeholder });

describe("createRenderCache", () => {
  it("evicts the least recently used entry and expires a card with a placeholder after the TTL", () => {
    let t = 0;
    const cache = createRenderCache({ maxEntries: 2, ttlMs: 100, clock: () => t });
    cache.set("a", card("a"));
    cache.set("b", card("b"));
    cache.get("a");
    cache.set("c", card("c", true));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.body.toString()).toBe("a");
    t = 100;
    expect(cache.has("c")).toBe(false);
    expect(cache.get("c")).toBeUndefined();
    // A card that drew every image it asked for stays until evicted.
    expect(cache.has("a")).toBe(true);
    expect(cache.get("a")?.body.toString()).toBe("a");
  });

  it("never evicts a card hit at least once per half its capacity of new cards, and evicts the rest in order", () => {
    const cache = createRenderCache({ maxEntries: 10, ttlMs: 1e9, clock: () => 0 });
    cache.set("hot", card("hot"));
    for (let i = 0; i < 100; i++) {
      cache.set(`cold${i}`, card(`cold${i}`));
      if (i % 5 === 4) expect(cache.get("hot")?.body.toString()).toBe("hot");
    }
    expect(cache.has("hot")).toBe(true);
    expect(cache.size).toBe(10);
    // The nine most recent cold cards are left, the older ones were evicted first.
    expect(cache.has("cold91")).toBe(true);
    expect(cache.has("cold90")).toBe(false);
  });
});

describe("renderCacheKey", () => {
  const options = parseCardOptions(new URLSearchParams(""));
  const still = { activities: [{ type: 4, name: "Custom Status" }] } as unknown as CanonicalPresence;
  const timed = { activities: [{ type: 2, name: "Spotify", timestamps: { start: 1 } }] } as unknown as CanonicalPresence;

  it("changes with the presence version, the format and the options", () => {
    const key = renderCacheKey("1", 1, "svg", options, still, 0);
    expect(renderCacheKey("1", 2, "svg", options, still, 0)).not.toBe(key);
    expect(renderCacheKey("1", 1, "png", options, still, 0)).not.toBe(key);
    const nord = parseCardOptions(new URLSearchParams("theme=nord"));
    expect(renderCacheKey("1", 1, "svg", nord, still, 0)).not.toBe(key);
    // The same options parsed again (another request, another object) share the key.
    expect(renderCacheKey("1", 1, "svg", parseCardOptions(new URLSearchParams("")), still, 0)).toBe(key);
    expect(renderCacheKey("1", 1, "svg", parseCardOptions(new URLSearchParams("theme=nord")), still, 0)).toBe(renderCacheKey("1", 1, "svg", nord, still, 0));
  });

  it("changes every second only for a card that draws a clock", () => {
    expect(renderCacheKey("1", 1, "svg", options, still, 0)).toBe(renderCacheKey("1", 1, "svg", options, still, 5000));
    expect(renderCacheKey("1", 1, "svg", options, timed, 0)).toBe(renderCacheKey("1", 1, "svg", options, timed, 999));
    expect(renderCacheKey("1", 1, "svg", options, timed, 0)).not.toBe(renderCacheKey("1", 1, "svg", options, timed, 1000));
  });
});
