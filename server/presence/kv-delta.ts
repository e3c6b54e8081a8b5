/**
 * What one change did to a user's KV: the pairs it set (new or overwritten) and the keys it
 * removed. Values are absolute, so applying a delta twice gives the same KV.
 * @see README.md#scaling-out-with-redis
 */
export interface KvDelta {
  set: Record<string, string>;
  del: string[];
}

/**
 * The delta from `prev` to `next`, or `undefined` when they hold the same pairs. Costs one
 * comparison per pair: unchanged values are the same string (copied by reference), so it does not
 * grow with their size.
 * @example
 * toKvDelta({ a: "1", b: "2" }, { a: "1", c: "3" }); // { set: { c: "3" }, del: ["b"] }
 */
export function toKvDelta(prev: Record<string, string>, next: Record<string, string>): KvDelta | undefined {
  if (prev === next) return undefined;
  const set: Record<string, string> = {};
  const del: string[] = [];
  let changed = false;
  for (const key of Object.keys(next)) {
    if (Object.hasOwn(prev, key) && prev[key] === next[key]) continue;
    Object.defineProperty(set, key, _pair(next[key]!));
    changed = true;
  }
  for (const key of Object.keys(prev)) {
    if (Object.hasOwn(next, key)) continue;
    del.push(key);
    changed = true;
  }
  return changed ? { set, del } : undefined;
}

/**
 * `kv` with `delta` applied, as a new object (`kv` is left alone: it is a state others hold).
 * @example
 * fromKvDelta({ a: "1", b: "2" }, { set: { c: "3" }, del: ["b"] }); // { a: "1", c: "3" }
 */
export function fromKvDelta(kv: Record<string, string>, delta: KvDelta): Record<string, string> {
  const next: Record<string, string> = { ...kv };
  for (const key of delta.del) delete next[key];
  for (const key of Object.keys(delta.set)) Object.defineProperty(next, key, _pair(delta.set[key]!));
  return next;
}

// --- internal ---

// Pairs are defined, not assigned: a key named `__proto__` (valid: `[a-zA-Z0-9_]`) stays a pair.

function _pair(value: string): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}
