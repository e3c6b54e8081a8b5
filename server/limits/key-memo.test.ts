import { describe, expect, it } from "vitest";
import { createKeyMemo } from "./key-memo.ts";

describe("createKeyMemo", () => {
  it("keeps at most maxKeyBytes of keys however long the keys a client sends, oldest out first", () => {
    const memo = createKeyMemo<number>({ maxEntries: 1000, maxKeyBytes: 10_000 });
    for (let i = 0; i < 100; i++) memo.set(`/${i}/${"x".repeat(2_000)}`, i);
    expect(memo.bytes).toBeLessThanOrEqual(10_000);
    expect(memo.size).toBe(4);
    expect(memo.get(`/99/${"x".repeat(2_000)}`)).toBe(99);
    expect(memo.get(`/95/${"x".repeat(2_000)}`)).toBeUndefined();
  });

  it("counts keys in UTF-8 bytes and keeps no key longer than the whole budget", () => {
    const memo = createKeyMemo<number>({ maxEntries: 1000, maxKeyBytes: 100 });
    memo.set("é".repeat(40), 1); // 80 bytes, 40 characters
    expect(memo.bytes).toBe(80);
    memo.set("a".repeat(101), 2);
    expect(memo.get("a".repeat(101))).toBeUndefined();
    expect(memo.get("é".repeat(40))).toBe(1);
  });

  it("keeps at most maxEntries entries however short the keys", () => {
    const memo = createKeyMemo<number>({ maxEntries: 3, maxKeyBytes: 1 << 20 });
    for (let i = 0; i < 10; i++) memo.set(String(i), i);
    expect(memo.size).toBe(3);
    expect([memo.get("6"), memo.get("7"), memo.get("9")]).toEqual([undefined, 7, 9]);
  });

  it("replaces a key's value without counting its bytes twice", () => {
    const memo = createKeyMemo<number>({ maxEntries: 10, maxKeyBytes: 100 });
    memo.set("abc", 1);
    memo.set("abc", 2);
    expect([memo.get("abc"), memo.size, memo.bytes]).toEqual([2, 1, 3]);
  });
});
