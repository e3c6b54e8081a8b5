/**
 * Decoding and comparing the PNGs resvg writes (8-bit RGBA or RGB, not interlaced), for the
 * golden card tests. resvg-js cannot decode PNG, and a byte comparison of PNG files would fail
 * on any change of zlib or filter choice, so pixels are compared with a tolerance.
 * @see https://www.w3.org/TR/png-3/
 */

import { inflateSync } from "node:zlib";

/** Decoded pixels: `width × height × 4` bytes, RGBA, rows top to bottom. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

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
 * Decodes a PNG of 8-bit RGBA (colour type 6) or RGB (type 2), without interlacing.
 * @example
 * const { width, height, rgba } = decodePng(readFileSync("card.png"));
 */
export function decodePng(png: Uint8Array): Pixels {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const raw = _unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  return { width, height, rgba: channels === 4 ? raw : _rgbToRgba(raw) };
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

// --- internal ---

function _unfilter(data: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[row + x - bpp]! : 0;
      const up = y > 0 ? out[row - stride + x]! : 0;
      const upLeft = y > 0 && x >= bpp ? out[row - stride + x - bpp]! : 0;
      out[row + x] = (line[x]! + _predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function _predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      // Paeth: whichever neighbour is closest to left + up − upLeft.
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`bad PNG filter ${filter}`);
  }
}

function _rgbToRgba(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    out[j] = rgb[i]!;
    out[j + 1] = rgb[i + 1]!;
    out[j + 2] = rgb[i + 2]!;
    out[j + 3] = 255;
  }
  return out;
}
