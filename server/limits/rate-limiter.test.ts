// The fixed-window counter on its own, with a hand-moved clock.
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter.ts";

describe("createRateLimiter", () => {
  it("allows `limit` per window, refuses the rest, and starts over when the window ends", () => {
    let now = 1_000;
    const limiter = createRateLimiter({ limit: 3, windowMs: 1_000, clock: () => now });
    expect([1, 2, 3].map(() => limiter.take("a").remaining)).toEqual([2, 1, 0]);
    now += 400;
    expect(limiter.take("a")).toEqual({ allowed: false, limit: 3, remaining: 0, resetMs: 600 });
    // Other keys have their own budget.
    expect(limiter.take("b")).toMatchObject({ allowed: true, remaining: 2, resetMs: 1_000 });
    now += 599;
    expect(limiter.take("a").allowed).toBe(false);
    now += 1;
    expect(limiter.take("a")).toEqual({ allowed: true, limit: 3, remaining: 2, resetMs: 1_000 });
  });

  it("drops expired windows as new keys arrive, and caps the keys it tracks", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 100, maxKeys: 3, clock: () => now });
    for (const key of ["a", "b", "c"]) limiter.take(key);
    expect(limiter.size).toBe(3);
    // At the cap the oldest window ("a") is forgotten, so "a" gets a fresh budget later.
    limiter.take("d");
    expect(limiter.size).toBe(3);
    expect(limiter.take("b").allowed).toBe(false);
    expect(limiter.take("a").allowed).toBe(true);
    now = 150;
    // Every window so far has expired: one newcomer sweeps them all.
    limiter.take("e");
    expect(limiter.size).toBe(1);
  });

  it("refuses nonsense options at creation", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(/limit/);
    expect(() => createRateLimiter({ limit: 1, windowMs: 0 })).toThrow(/windowMs/);
  });
});
