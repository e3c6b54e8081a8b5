import { describe, expect, it } from "vitest";
import { newEpoch, parseMultiEventId, parseUserEventId, toMultiEventId, toUserEventId } from "./internal/event-id.ts";
import { toBody, toPingWithId, withId } from "./internal/frame.ts";

describe("event ids", () => {
  it("round-trips user ids (the version) and multi ids (epoch.seq in base36)", () => {
    expect(toUserEventId(42)).toBe("42");
    expect(parseUserEventId("42")).toBe(42);
    const epoch = newEpoch();
    expect(epoch).toMatch(/^[0-9a-z]{8}$/);
    expect(newEpoch()).not.toBe(epoch);
    expect(toMultiEventId("abc", 36 * 36)).toBe("abc.100");
    expect(parseMultiEventId(toMultiEventId(epoch, 123456))).toEqual({ epoch, seq: 123456 });
  });

  it("treats anything else as no id (a fresh init, never an error)", () => {
    for (const bad of [undefined, "", "-1", "1.5", "x", "1e3", "9".repeat(16), " 1"]) {
      expect(parseUserEventId(bad), String(bad)).toBeUndefined();
    }
    for (const bad of [undefined, "", "42", "abc", "abc.", ".1", "ABC.1", "a.b.c", "a.-1", `a.${"z".repeat(11)}`]) {
      expect(parseMultiEventId(bad), String(bad)).toBeUndefined();
    }
  });
});

describe("frames", () => {
  it("are the SSE wire format", () => {
    const body = toBody("presence", '{"a":"x\\ny"}');
    expect(body.toString()).toBe('event: presence\ndata: {"a":"x\\ny"}\n\n');
    expect(withId("7", body).toString()).toBe('id: 7\nevent: presence\ndata: {"a":"x\\ny"}\n\n');
    expect(toPingWithId("e.1").toString()).toBe(": ping\nid: e.1\n\n");
  });
});
