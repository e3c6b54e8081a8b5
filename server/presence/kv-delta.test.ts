import { describe, expect, it } from "vitest";
import { fromKvDelta, toKvDelta } from "./kv-delta.ts";

describe("KV deltas", () => {
  it("lists the pairs set (new or changed) and the keys removed; none for the same pairs", () => {
    const prev = { a: "1", b: "2", c: "3" };
    expect(toKvDelta(prev, { a: "1", b: "two", d: "4" })).toEqual({ set: { b: "two", d: "4" }, del: ["c"] });
    expect(toKvDelta(prev, { ...prev })).toBeUndefined();
    expect(toKvDelta(prev, prev)).toBeUndefined();
  });

  it("applying a delta rebuilds the next KV, leaves the base alone, and is idempotent", () => {
    const prev = { a: "1", b: "2" };
    const next = { a: "1", c: "3" };
    const delta = toKvDelta(prev, next)!;
    const applied = fromKvDelta(prev, delta);
    expect(applied).toEqual(next);
    expect(prev).toEqual({ a: "1", b: "2" });
    expect(fromKvDelta(applied, delta)).toEqual(next);
  });

  it("keeps a key named __proto__ as a pair, through JSON too", () => {
    const next = JSON.parse('{"__proto__":"x","a":"1"}') as Record<string, string>;
    const delta = JSON.parse(JSON.stringify(toKvDelta({}, next)));
    const applied = fromKvDelta({}, delta);
    expect(Object.keys(applied)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(applied)).toBe(Object.prototype);
    expect(toKvDelta(applied, {})).toEqual({ set: {}, del: ["__proto__", "a"] });
  });
});
