/**
 * A memo for answers derived from what a client sends (a path, a query string, the options it
 * parses to): the same few come back all day, but a client controls the keys, so the memo is
 * bounded both in entries and in the bytes of its keys (a key may be as long as a request line).
 * Past either bound the oldest entries go first.
 * @see README.md#benchmarks
 */

/** See {@link createKeyMemo}. */
export interface KeyMemo<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Entries, and UTF-8 bytes of their keys, held now. */
  readonly size: number;
  readonly bytes: number;
}

/**
 * Creates a memo holding at most `maxEntries` entries and `maxKeyBytes` bytes of keys (a key
 * longer than that is not kept). Values are expected to be small or to grow with their key.
 * @example
 * const parsed = createKeyMemo<CardOptions>({ maxEntries: 256, maxKeyBytes: 64 * 1024 });
 * const options = parsed.get(search) ?? parse(search);
 */
export function createKeyMemo<T>({ maxEntries, maxKeyBytes }: { maxEntries: number; maxKeyBytes: number }): KeyMemo<T> {
  const entries = new Map<string, { value: T; bytes: number }>();
  let bytes = 0;
  return {
    get: (key) => entries.get(key)?.value,
    set(key, value) {
      const size = Buffer.byteLength(key);
      const old = entries.get(key);
      if (old) (bytes -= old.bytes), entries.delete(key);
      if (size > maxKeyBytes) return;
      while (entries.size > 0 && (entries.size >= maxEntries || bytes + size > maxKeyBytes)) {
        const [oldest, entry] = entries.entries().next().value!;
        entries.delete(oldest);
        bytes -= entry.bytes;
      }
      entries.set(key, { value, bytes: size });
      bytes += size;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
