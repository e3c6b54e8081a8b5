import { describe, expect, it } from "vitest";
import type { HubChange } from "../presence/hub.ts";
import { createHistory } from "./history.ts";

// A presence stands in for any; `null` is a removal, which hides the user's earlier changes.
const kPresence = {} as NonNullable<HubChange["presence"]>;
const change = (userId: string, version: number, presence: HubChange["presence"] = kPresence): HubChange => ({
  userId,
  version,
  presence,
  memo: new Map(),
});

describe("history (ring of recent changes)", () => {
  it("numbers changes from 1 and returns those after a covered point, oldest first", () => {
    const h = createHistory(4);
    expect(h.seq).toBe(0);
    expect(h.covers(0)).toBe(true);
    expect(h.after(0)).toEqual([]);
    h.add(change("a", 1));
    h.add(change("b", 7));
    h.add(change("a", 2));
    expect(h.seq).toBe(3);
    expect(h.after(1).map((e) => [e.seq, e.userId, e.version])).toEqual([[2, "b", 7], [3, "a", 2]]);
    expect(h.ofUser("a").map((e) => e.version)).toEqual([1, 2]);
    expect(h.covers(3)).toBe(true);
    expect(h.covers(4)).toBe(false);
    expect(h.covers(-1)).toBe(false);
    expect(h.covers(1.5)).toBe(false);
  });

  it("evicts the oldest when full: a point before the oldest kept change is not covered", () => {
    const h = createHistory(3);
    for (let v = 1; v <= 5; v++) h.add(change("a", v));
    expect(h.after(2).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(h.covers(2)).toBe(true);
    expect(h.covers(1)).toBe(false);
    expect(h.ofUser("a").map((e) => e.version)).toEqual([3, 4, 5]);
  });

  it("never replays a user's changes from before their removal; forgets that once it is evicted", () => {
    const h = createHistory(4);
    h.add(change("a", 1));
    h.add(change("b", 1));
    h.add(change("a", 2, null));
    expect(h.after(0).map((e) => [e.userId, e.version])).toEqual([["b", 1], ["a", 2]]);
    expect(h.ofUser("a").map((e) => e.version)).toEqual([2]);
    h.add(change("a", 3)); // back: shown again from here on
    expect(h.ofUser("a").map((e) => e.version)).toEqual([2, 3]);
    for (let v = 2; v <= 5; v++) h.add(change("b", v));
    expect(h.after(4).map((e) => e.userId)).toEqual(["b", "b", "b", "b"]);
    expect(h.ofUser("a")).toEqual([]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createHistory(0)).toThrow(RangeError);
    expect(() => createHistory(1.5)).toThrow(RangeError);
  });
});
