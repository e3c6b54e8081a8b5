// Value parsers shared by the configuration readers: each returns the parsed value or throws a
// ConfigError whose one-line message names the variable.
import { ConfigError } from "./config-error.ts";

/** The trimmed value, or `undefined` when unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** A whole number within [min, max], or `fallback` when unset. */
export function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  const v = nonEmpty(value);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** true/false (also 1/0, yes/no, on/off), or `fallback` when unset. */
export function bool(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = nonEmpty(value)?.toLowerCase();
  if (v === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/** An absolute http(s) URL without trailing slashes, or `undefined` when unset. */
export function url(name: string, value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${v}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${v}"`);
  }
  return v.replace(/\/+$/, "");
}

/** A comma-separated host list (`a.example,b.example:8080`), lower-cased; empty → []. */
export function hosts(name: string, value: string | undefined): string[] {
  const v = nonEmpty(value);
  if (v === undefined) return [];
  return v.split(",").map((h) => {
    const host = h.trim().toLowerCase();
    if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(host)) {
      throw new ConfigError(
        `${name} must be comma-separated host names (e.g. images.example.com), got "${h.trim()}"`,
      );
    }
    return host;
  });
}
