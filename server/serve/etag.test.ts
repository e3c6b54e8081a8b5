import { describe, expect, it } from "vitest";
import { etagMatches } from "./etag.ts";

describe("If-None-Match", () => {
  it.each([
    ['"a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"a"', 'W/"a"', true],
    ['W/"a"', 'W/"a"', true],
    ['"b", "a"', '"a"', true],
    ['  "b" ,W/"a"  ', '"a"', true],
    ["*", '"a"', true],
    [" * ", 'W/"a"', true],
    ['"x,"a"', '"a"', true],
    ['"b"', '"a"', false],
    ['"A"', '"a"', false],
    ['a', '"a"', false],
    ["", '"a"', false],
    ['"a"*', '"b"', false],
  ])("%j against %j: %s", (ifNoneMatch, etag, named) => {
    expect(etagMatches(ifNoneMatch, etag)).toBe(named);
  });
});
