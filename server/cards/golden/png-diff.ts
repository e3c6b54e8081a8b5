/**
 * Comparing the PNGs resvg writes (decoded by ../png.ts) pixel by pixel, for the
 * golden card tests. resvg-js cannot decode PNG, and a byte comparison of PNG files would fail
 * on any change of zlib or filter choice, so pixels are compared with a tolerance.
 * @see https://www.w3.org/TR/png-3/
 */

import type { Pixels } from "../png.ts";

export { decodePng, type Pixels } from "../png.ts";

/** How two images differ. */
export interface PixelDiff {
  /** Whether the sizes are equal; when not, every other field is 0/1. */
  sameSize: boolean;
  /** Pixels with some channel farther apart than the tolerance. */
  differing: number;
  /** `differing / (width × height)`. */
  ratio: number;
  /** Largest channel difference seen (0–255). */
  maxDelta: number;
}

/**
 * Compares two images pixel by pixel: a pixel differs when one channel is more than `tolerance`
 * apart (anti-aliasing noise stays under it, a moved or recoloured shape does not).
 * @example
 * const diff = diffPixels(decodePng(expected), decodePng(actual), 16);
 * if (diff.ratio > 0.001) throw new Error("card changed");
 */
export function diffPixels(expected: Pixels, actual: Pixels, tolerance = 16): PixelDiff {
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return { sameSize: false, differing: 1, ratio: 1, maxDelta: 255 };
  }
  let differing = 0;
  let maxDelta = 0;
  const a = expected.rgba;
  const b = actual.rgba;
  for (let i = 0; i < a.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(a[i + c]! - b[i + c]!));
    if (worst > tolerance) differing++;
    if (worst > maxDelta) maxDelta = worst;
  }
  return { sameSize: true, differing, ratio: differing / (expected.width * expected.height), maxDelta };
}
