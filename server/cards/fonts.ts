/**
 * Fonts for satori, read from npm packages on disk (never the network), once and lazily.
 * @see README.md#cards
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SatoriOptions } from "satori";

type FontOptions = SatoriOptions["fonts"][number];

const _require = createRequire(import.meta.url);

let _base: FontOptions[] | undefined;

/**
 * Inter 400/700 for latin and latin-ext. Each subset gets its own family name: satori does not
 * fall back between fonts that share a name, weight and style, only across distinct families.
 */
export function baseFonts(): FontOptions[] {
  _base ??= ["latin", "latin-ext"].flatMap((subset) =>
    ([400, 700] as const).map((weight) => ({
      name: subset === "latin" ? "Inter" : `Inter ${subset}`,
      weight,
      style: "normal" as const,
      data: readFileSync(_require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)),
    })),
  );
  return _base;
}

/**
 * Noto Sans JP subsets covering `text` (kana, Han, full-width forms), for satori's
 * `loadAdditionalAsset`. Subset Buffers are cached, so a title costs file reads only once.
 */
export function cjkFontsFor(text: string): FontOptions[] {
  const ranges = _jpRanges();
  const wanted = new Set<number>();
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    const index = ranges.findIndex((r) => r.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
    if (index >= 0) wanted.add(index);
  }
  return [...wanted].map((index) => _jpFont(ranges[index]!));
}

// --- internal ---

interface _Subset {
  file: string;
  ranges: [number, number][];
}

let _subsets: _Subset[] | undefined;
const _loaded = new Map<string, FontOptions>();

function _jpRanges(): _Subset[] {
  if (_subsets) return _subsets;
  const css = readFileSync(_require.resolve("@fontsource/noto-sans-jp/400.css"), "utf8");
  const dir = dirname(_require.resolve("@fontsource/noto-sans-jp/400.css"));
  _subsets = [];
  for (const block of css.split("@font-face").slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    _subsets.push({ file: join(dir, file), ranges: range.split(",").map(_parseRange) });
  }
  return _subsets;
}

function _parseRange(part: string): [number, number] {
  const [lo, hi] = part.trim().replace(/^U\+/i, "").split("-");
  const low = parseInt(lo!.replace(/\?/g, "0"), 16);
  const high = hi ? parseInt(hi, 16) : parseInt(lo!.replace(/\?/g, "f"), 16);
  return [low, high];
}

function _jpFont(subset: _Subset): FontOptions {
  let font = _loaded.get(subset.file);
  if (!font) {
    // A unique family per subset, for the same no-fallback-between-equal-names reason as above.
    font = { name: `Noto Sans JP ${_loaded.size}`, weight: 400, style: "normal", data: readFileSync(subset.file) };
    _loaded.set(subset.file, font);
  }
  return font;
}
