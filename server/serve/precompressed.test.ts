// One Accept-Encoding rule for static answers and cards: preference, q=0, and a bounded memo of
// the values clients send.
import { describe, expect, it } from "vitest";
import { acceptEncodingsKept, negotiate, precompress } from "./precompressed.ts";

const compressed = precompress(Buffer.from("presence ".repeat(500)), { contentType: "text/plain" });
const coding = (acceptEncoding: string) => negotiate(compressed, acceptEncoding, undefined).headers.find(([name]) => name === "content-encoding")?.[1];

describe("negotiate", () => {
  it("prefers brotli, then gzip, and honours q=0 in any case or spacing", () => {
    expect(coding("gzip, deflate, br")).toBe("br");
    expect(coding("gzip, br;q=0")).toBe("gzip");
    expect(coding("GZIP ; Q=0, BR ;q=0")).toBeUndefined();
    expect(coding("deflate")).toBeUndefined();
    expect(coding("")).toBeUndefined();
  });

  it("keeps at most 256 Accept-Encoding values and 64 KiB of them, whatever clients send", () => {
    for (let i = 0; i < 1000; i++) expect(coding(`gzip, x-${i}`)).toBe("gzip");
    expect(acceptEncodingsKept().size).toBe(256);
    const long = (i: number) => `br, ${"x".repeat(1000)}-${i}`;
    for (let i = 0; i < 200; i++) expect(coding(long(i))).toBe("br");
    const kept = acceptEncodingsKept();
    expect(kept.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(kept.size).toBeLessThan(70);
  });
});
