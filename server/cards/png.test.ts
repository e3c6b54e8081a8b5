// The cards' PNG module: decoding every row filter, and repacking without changing a pixel.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { GOLDEN_DIR } from "./golden/cases.ts";
import { decodePng, pngChunk, repackPng } from "./png.ts";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG whose row `y` is filtered with `filters[y % filters.length]`, the PNG spec's way. */
function filteredPng(width: number, height: number, rgba: Uint8Array, filters: number[], depth = 8): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const at = (y: number, x: number) => (y < 0 || x < 0 ? 0 : rgba[y * stride + x]!);
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length]!;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const [a, b, c] = [at(y, x - 4), at(y - 1, x), at(y - 1, x - 4)];
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      raw[y * (stride + 1) + 1 + x] = (at(y, x) - predicted) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([depth, 6, 0, 0, 0], 8);
  // Two IDAT chunks, as an encoder may split them, and a text chunk after them to keep.
  const data = deflateSync(raw, { level: 1 });
  const half = Math.floor(data.length / 2);
  return Buffer.concat([
    SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("IDAT", data.subarray(0, half)),
    pngChunk("IDAT", data.subarray(half)),
    pngChunk("tEXt", Buffer.from("Comment\0kept")),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Flat colour with a gradient band and noise: the mix a card has (text, fills, a photo). */
function pixels(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  let seed = 7;
  for (let i = 0; i < rgba.length; i++) {
    const y = Math.floor(i / (width * 4));
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    rgba[i] = y < height / 3 ? 40 : y < (2 * height) / 3 ? (i * 3) & 0xff : seed & 0xff;
  }
  return rgba;
}

describe("PNG", () => {
  it.each([[0], [1], [2], [3], [4], [4, 3, 2, 1, 0]])("decodes rows filtered with %s", (...filters) => {
    const rgba = pixels(23, 17);
    const decoded = decodePng(filteredPng(23, 17, rgba, filters));
    expect(decoded).toMatchObject({ width: 23, height: 17 });
    expect(Buffer.from(decoded.rgba).equals(Buffer.from(rgba))).toBe(true);
  });

  it.each([[1], [2], [3], [4], [4, 3, 2, 1, 0]])("repacks rows filtered with %s to the same pixels, other chunks kept", async (...filters) => {
    const rgba = pixels(40, 30);
    const png = filteredPng(40, 30, rgba, filters);
    const repacked = await repackPng(png);
    expect(Buffer.from(decodePng(repacked).rgba).equals(Buffer.from(rgba))).toBe(true);
    expect(repacked.includes("Comment\0kept")).toBe(true);
    expect(repacked.length).toBeLessThanOrEqual(png.length);
  });

  it("packs every golden card smaller, pixel for pixel", async () => {
    for (const name of readdirSync(GOLDEN_DIR).filter((f) => f.endsWith(".png"))) {
      const png = readFileSync(join(GOLDEN_DIR, name));
      const repacked = await repackPng(png);
      expect(Buffer.from(decodePng(repacked).rgba).equals(Buffer.from(decodePng(png).rgba)), name).toBe(true);
      // The references are resvg's own output; unfiltered at level 9 they lose a third or more.
      expect(repacked.length, name).toBeLessThan(png.length * 0.67);
    }
  });

  it("returns a PNG it cannot make smaller, or does not read, as it was", async () => {
    const packed = await repackPng(readFileSync(join(GOLDEN_DIR, "error-dark.png")));
    expect(await repackPng(packed)).toBe(packed);
    const sixteenBit = filteredPng(4, 4, pixels(4, 4), [1], 16);
    expect(await repackPng(sixteenBit)).toBe(sixteenBit);
    expect(() => decodePng(sixteenBit)).toThrow(/unsupported PNG/);
    await expect(repackPng(Buffer.from("not a png at all"))).rejects.toThrow(/not a PNG/);
  });
});
