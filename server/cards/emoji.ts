/**
 * Twemoji SVGs from `@twemoji/svg` on disk, as data URIs for satori's `loadAdditionalAsset`.
 * @see README.md#cards
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const _require = createRequire(import.meta.url);
const _cache = new Map<string, string | null>();

/**
 * The Twemoji file name of an emoji grapheme: code points in hex joined by `-`, dropping U+FE0F
 * unless the sequence has a zero-width joiner (Twemoji keeps it there).
 * @example
 * twemojiName("📚"); // "1f4da"
 */
export function twemojiName(grapheme: string): string {
  const points = [...grapheme].map((c) => c.codePointAt(0)!);
  const kept = points.includes(0x200d) ? points : points.filter((p) => p !== 0xfe0f);
  return kept.map((p) => p.toString(16)).join("-");
}

/** The emoji as an SVG data URI, or `undefined` when Twemoji has no such file. */
export function emojiDataUri(grapheme: string): string | undefined {
  const name = twemojiName(grapheme);
  if (!_cache.has(name)) _cache.set(name, _read(name) ?? _read(name.replace(/-fe0f/g, "")));
  return _cache.get(name) ?? undefined;
}

// --- internal ---

let _dir: string | undefined;

function _read(name: string): string | null {
  _dir ??= dirname(_require.resolve("@twemoji/svg/package.json"));
  try {
    const svg = readFileSync(join(_dir, `${name}.svg`));
    return `data:image/svg+xml;base64,${svg.toString("base64")}`;
  } catch {
    return null;
  }
}
