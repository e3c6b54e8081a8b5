// The request-duration histogram: cumulative buckets per route, +Inf, sum and count, in valid
// exposition text.
import { describe, expect, it } from "vitest";
import { parseExposition } from "./_test/exposition-parser.ts";
import { toExposition } from "./exposition.ts";
import { createHttpDurations } from "./http-duration.ts";

describe("createHttpDurations", () => {
  it("counts each observation in its bucket and every wider one, per route", () => {
    const durations = createHttpDurations();
    durations.observe("/v1/users/:id", 0.0004);
    durations.observe("/v1/users/:id", 0.001); // on a bound: counted in that bucket (le is ≤)
    durations.observe("/v1/users/:id", 0.3);
    durations.observe("/v1/users/:id", 60);
    durations.observe("/**", 0.002);
    const s = parseExposition(toExposition([durations.collect()]));
    const name = "presence_kit_http_request_duration_seconds";
    expect(s.types.get(name)).toBe("histogram");
    const bucket = (route: string, le: string) => s.value(`${name}_bucket`, { route, le });
    expect(bucket("/v1/users/:id", "0.0005")).toBe(1);
    expect(bucket("/v1/users/:id", "0.001")).toBe(2);
    expect(bucket("/v1/users/:id", "0.25")).toBe(2);
    expect(bucket("/v1/users/:id", "0.5")).toBe(3);
    expect(bucket("/v1/users/:id", "10")).toBe(3);
    expect(bucket("/v1/users/:id", "+Inf")).toBe(4);
    expect(s.value(`${name}_count`, { route: "/v1/users/:id" })).toBe(4);
    expect(s.value(`${name}_sum`, { route: "/v1/users/:id" })).toBeCloseTo(60.3014, 6);
    expect(bucket("/**", "0.001")).toBe(0);
    expect(bucket("/**", "0.0025")).toBe(1);
    expect(s.value(`${name}_count`, { route: "/**" })).toBe(1);
  });

  it("has no samples (but valid text) before the first request", () => {
    const text = toExposition([createHttpDurations().collect()]);
    expect(parseExposition(text).samples.size).toBe(0);
  });
});
