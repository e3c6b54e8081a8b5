/**
 * The paths the fast path takes, read by hand: each dialect's snapshot route, a card, and whether a
 * path is one h3 would see exactly as written. Anything odd (escapes, dots, a 21-digit id) reads
 * as "not mine", so it goes to h3's router and decoder.
 * @see README.md#benchmarks
 */
import { SNAPSHOT_ROUTES, type SnapshotDialect } from "./snapshots.ts";

/** The path before each dialect's id (`/v1/users/`…). */
export const SNAPSHOT_PREFIX = Object.fromEntries(
  Object.entries(SNAPSHOT_ROUTES).map(([dialect, route]) => [dialect, route.slice(0, -":id".length)]),
) as Record<SnapshotDialect, string>;

/** The dialect whose snapshot route `path` is (`/v1/users/<1–20 digits>`…), or `undefined`. */
export function snapshotDialect(path: string): SnapshotDialect | undefined {
  if (!_SNAPSHOT_FIRST.has(path.charCodeAt(1))) return undefined;
  for (const [dialect, prefix] of _SNAPSHOTS) if (path.startsWith(prefix) && _digits(path, prefix.length, path.length)) return dialect;
  return undefined;
}

/** The start of every card path. */
export const CARDS_PREFIX = "/cards/";

/** The format of a card path (`/cards/<1–20 digits>.svg` or `.png`), or `undefined`. */
export function cardFormat(path: string): "svg" | "png" | undefined {
  if (!_digits(path, CARDS_PREFIX.length, path.length - ".svg".length)) return undefined;
  return path.endsWith(".svg") ? "svg" : path.endsWith(".png") ? "png" : undefined;
}

/**
 * Whether h3 sees `path` exactly as written: no escapes, no `.`/`..` segments, no empty or
 * trailing segment (h3 ignores a trailing slash when matching).
 */
export function isPlainPath(path: string): boolean {
  return _PLAIN.test(path);
}

// --- internal ---

// Read by hand rather than with a regular expression, whose match array and captured strings
// cost an allocation each on every request.
const _SNAPSHOTS = Object.entries(SNAPSHOT_PREFIX) as Array<[SnapshotDialect, string]>;

// The character after the first "/" of any snapshot route: a cheap first test for other paths.
const _SNAPSHOT_FIRST = new Set(_SNAPSHOTS.map(([, prefix]) => prefix.charCodeAt(1)));

/** Whether `path[from..to)` is 1 to 20 ASCII digits. */
function _digits(path: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 20) return false;
  for (let i = from; i < to; i++) {
    const c = path.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const _PLAIN = /^(?:\/[\w-][\w.-]*)+$/;
