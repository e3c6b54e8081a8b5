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

/**
 * Byte bounds on top of Lanyard's grapheme limits (a grapheme can be any number of bytes: `"a"`
 * plus 520,000 U+0301 is one character and 1 MB). Counted in UTF-8 bytes of keys and values.
 * @see README.md#kv-and-api-keys
 */
export interface KvByteLimits {
  /** Largest value, in UTF-8 bytes (`KV_MAX_VALUE_BYTES`). @default 65536 */
  maxValueBytes: number;
  /** Largest KV per user, keys plus values, in UTF-8 bytes (`KV_MAX_USER_BYTES`). @default 1048576 */
  maxUserBytes: number;
}

/** The byte bounds used when none are configured. */
export const kDefaultKvByteLimits: KvByteLimits = { maxValueBytes: 64 * 1024, maxUserBytes: 1024 * 1024 };

/** A failed check: the HTTP status, error code and message Lanyard answers with. */
export interface KvViolation {
  status: number;
  code: "kv_validation_failed" | "invalid_kv_value" | "kv_value_too_large" | "kv_quota_exceeded";
  message: string;
}

const kKeyPattern = /^[a-zA-Z0-9_]*$/;

/**
 * Checks one pair: key length → key charset → value length (Lanyard's order), then the value's
 * bytes. A key needs no byte bound of its own: the charset makes it one byte per character.
 */
export function checkPair(
  key: string,
  value: string,
  bytes: KvByteLimits = kDefaultKvByteLimits,
): KvViolation | undefined {
  if (_exceeds(key, kvLimits.keyLength)) {
    return _failed(`key must be ${kvLimits.keyLength} characters or less`);
  }
  if (!kKeyPattern.test(key)) return _failed("key must be alphanumeric (a-zA-Z0-9_)");
  if (_exceeds(value, kvLimits.valueLength)) {
    return _failed(`value must be ${kvLimits.valueLength} characters or less`);
  }
  if (Buffer.byteLength(value, "utf8") > bytes.maxValueBytes) {
    const message = `value must be ${bytes.maxValueBytes} bytes or less (UTF-8)`;
    return { status: 413, code: "kv_value_too_large", message };
  }
  return undefined;
}

/**
 * Checks a PUT: the pair count first (a new key on a full store), then the pair, then the user's
 * bytes after the write.
 * @example
 * const violation = checkPut(current, "song", body);
 */
export function checkPut(
  current: Record<string, string>,
  key: string,
  value: string,
  bytes: KvByteLimits = kDefaultKvByteLimits,
): KvViolation | undefined {
  if (!Object.hasOwn(current, key) && Object.keys(current).length + 1 > kvLimits.pairs) {
    return _failed(`request would exceed key limit (${kvLimits.pairs}), please delete keys first`);
  }
  return checkPair(key, value, bytes) ?? _checkTotal(current, { [key]: value }, bytes);
}

/**
 * Checks a PATCH body, already parsed: a flat object of strings, every pair valid (first failure
 * wins, in the body's order), then the pair count after the merge.
 */
export function checkPatch(
  current: Record<string, string>,
  body: unknown,
  bytes: KvByteLimits = kDefaultKvByteLimits,
): KvViolation | undefined {
  if (!_isFlatStrings(body)) {
    return { status: 404, code: "invalid_kv_value", message: "body must be an object" };
  }
  for (const [key, value] of Object.entries(body)) {
    const violation = checkPair(key, value, bytes);
    if (violation) return violation;
  }
  const added = Object.keys(body).filter((key) => !Object.hasOwn(current, key)).length;
  if (Object.keys(current).length + added > kvLimits.pairs) {
    const limit = kvLimits.pairs;
    return _failed(`request would exceed the key limit (${limit}), please delete some keys first`);
  }
  return _checkTotal(current, body, bytes);
}

/**
 * A KV's size as the per-user bound counts it: UTF-8 bytes of every key and value.
 * @example
 * kvBytes({ song: "Carry on" }); // 12
 */
export function kvBytes(kv: Record<string, string>): number {
  let total = 0;
  for (const key in kv) total += Buffer.byteLength(key, "utf8") + Buffer.byteLength(kv[key]!, "utf8");
  return total;
}

// --- internal ---

/** The user's bytes once `pairs` are merged into `current` (overwritten values stop counting). */
function _checkTotal(
  current: Record<string, string>,
  pairs: Record<string, string>,
  bytes: KvByteLimits,
): KvViolation | undefined {
  let total = kvBytes(current) + kvBytes(pairs);
  for (const key in pairs) {
    if (Object.hasOwn(current, key)) total -= kvBytes({ [key]: current[key]! });
  }
  if (total <= bytes.maxUserBytes) return undefined;
  const limit = bytes.maxUserBytes;
  const message = `request would exceed the KV size limit (${limit} bytes), please delete keys first`;
  return { status: 413, code: "kv_quota_exceeded", message };
}

function _exceeds(text: string, limit: number): boolean {
  // A grapheme has at least one UTF-16 unit and one code point, so a short string needs no
  // segmenting; nor does ASCII, whose only cluster of two is CR LF. Segmenting costs ≈ 2.5 µs a
  // grapheme (≈ 80 ms for a 1 MB ASCII value), in the event loop.
  if (text.length <= limit) return false;
  if (_isAscii(text)) return text.length - _crlfs(text) > limit;
  if (_codePoints(text) <= limit) return false;
  return countGraphemes(text, limit) > limit;
}

/** Every UTF-16 unit below 0x80: then, and only then, its UTF-8 is one byte per unit. */
function _isAscii(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length;
}

function _crlfs(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\r\n"); at !== -1; at = text.indexOf("\r\n", at + 2)) count++;
  return count;
}

function _codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if ((unit & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) count--, i++;
  }
  return count;
}

function _failed(message: string): KvViolation {
  // Lanyard answers validation failures with 404; clients branch on it, so keep it.
  return { status: 404, code: "kv_validation_failed", message };
}

function _isFlatStrings(body: unknown): body is Record<string, string> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  return Object.values(body).every((value) => typeof value === "string");
}
