/**
 * Lanyard's KV limits, with its error codes, messages and check order.
 * @see README.md#kv-and-api-keys
 */
import { countGraphemes } from "./graphemes.ts";

/** The numbers Lanyard enforces. Lengths are counted in graphemes, not bytes or UTF-16 units. */
export const kvLimits = {
  keyLength: 255,
  valueLength: 30_000,
  pairs: 512,
} as const;

/** A failed check: the HTTP status, error code and message Lanyard answers with. */
export interface KvViolation {
  status: number;
  code: "kv_validation_failed" | "invalid_kv_value";
  message: string;
}

const kKeyPattern = /^[a-zA-Z0-9_]*$/;

/** Checks one pair: key length → key charset → value length (Lanyard's order). */
export function checkPair(key: string, value: string): KvViolation | undefined {
  if (_exceeds(key, kvLimits.keyLength)) {
    return _failed(`key must be ${kvLimits.keyLength} characters or less`);
  }
  if (!kKeyPattern.test(key)) return _failed("key must be alphanumeric (a-zA-Z0-9_)");
  if (_exceeds(value, kvLimits.valueLength)) {
    return _failed(`value must be ${kvLimits.valueLength} characters or less`);
  }
  return undefined;
}

/**
 * Checks a PUT: the pair count first (a new key on a full store), then the pair.
 * @example
 * const violation = checkPut(current, "song", body);
 */
export function checkPut(
  current: Record<string, string>,
  key: string,
  value: string,
): KvViolation | undefined {
  if (!Object.hasOwn(current, key) && Object.keys(current).length + 1 > kvLimits.pairs) {
    return _failed(`request would exceed key limit (${kvLimits.pairs}), please delete keys first`);
  }
  return checkPair(key, value);
}

/**
 * Checks a PATCH body, already parsed: a flat object of strings, every pair valid (first failure
 * wins, in the body's order), then the pair count after the merge.
 */
export function checkPatch(current: Record<string, string>, body: unknown): KvViolation | undefined {
  if (!_isFlatStrings(body)) {
    return { status: 404, code: "invalid_kv_value", message: "body must be an object" };
  }
  for (const [key, value] of Object.entries(body)) {
    const violation = checkPair(key, value);
    if (violation) return violation;
  }
  const added = Object.keys(body).filter((key) => !Object.hasOwn(current, key)).length;
  if (Object.keys(current).length + added > kvLimits.pairs) {
    const limit = kvLimits.pairs;
    return _failed(`request would exceed the key limit (${limit}), please delete some keys first`);
  }
  return undefined;
}

// --- internal ---

function _exceeds(text: string, limit: number): boolean {
  // A grapheme has at least one UTF-16 unit, so a short string needs no segmenting.
  return text.length > limit && countGraphemes(text, limit) > limit;
}

function _failed(message: string): KvViolation {
  // Lanyard answers validation failures with 404; clients branch on it, so keep it.
  return { status: 404, code: "kv_validation_failed", message };
}

function _isFlatStrings(body: unknown): body is Record<string, string> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  return Object.values(body).every((value) => typeof value === "string");
}
