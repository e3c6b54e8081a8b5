/**
 * The PNGs resvg writes (8-bit RGBA or RGB, not interlaced): read back to pixels, and packed
 * smaller. resvg filters every row with `Sub` and deflates fast; a card is flat colour and text,
 * which compresses best unfiltered, so {@link repackPng} re-deflates the same pixels without
 * filters at level 9: the golden cards came out 40–55 % smaller (a 9,277-byte card: 5,552).
 * @see README.md#cards
 * @see https://www.w3.org/TR/png-3/
 */

import { promisify } from "node:util";
import { crc32, deflate, inflate, inflateSync } from "node:zlib";

/** Decoded pixels: `width × height × 4` bytes, RGBA, rows top to bottom. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Decodes a PNG of 8-bit RGBA (colour type 6) or RGB (type 2), without interlacing.
 * @example
 * const { width, height, rgba } = decodePng(readFileSync("card.png"));
 */
export function decodePng(png: Uint8Array): Pixels {
  const parts = _parse(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  if (!parts.supported) throw new Error(`unsupported PNG: ${parts.header.toString("hex")}`);
  const rows = _unfilter(inflateSync(parts.idat), parts);
  const { width, height, channels } = parts;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0, o = 0; y < height; y++) {
    for (let i = y * (width * channels + 1) + 1, end = i + width * channels; i < end; i += channels, o += 4) {
      rgba[o] = rows[i]!;
      rgba[o + 1] = rows[i + 1]!;
      rgba[o + 2] = rows[i + 2]!;
      rgba[o + 3] = channels === 4 ? rows[i + 3]! : 255;
    }
  }
  return { width, height, rgba };
}

/**
 * The same image in fewer bytes: rows unfiltered and deflated at level 9 (on zlib's thread pool),
 * every other chunk kept as it was. Returns `png` itself when that is not smaller, or when the
 * PNG is of a kind resvg does not write.
 * @example
 * const body = await repackPng(rendered.asPng());
 */
export async function repackPng(png: Buffer): Promise<Buffer> {
  const parts = _parse(png);
  if (!parts.supported) return png;
  const rows = _unfilter(await _inflate(parts.idat), parts);
  const idat = await _deflate(rows, { level: 9 });
  if (idat.length >= parts.idat.length) return png;
  return Buffer.concat([png.subarray(0, parts.idatStart), pngChunk("IDAT", idat), png.subarray(parts.idatEnd)]);
}

/** One PNG chunk: length, type, data and CRC (`zlib.crc32`, Node ≥ 20.15). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// --- internal ---

const _inflate = promisify(inflate);
const _deflate = promisify(deflate);

interface _Parts {
  header: Buffer;
  width: number;
  height: number;
  channels: number;
  supported: boolean;
  /** The IDAT chunks' data, joined. */
  idat: Buffer;
  /** Byte range of the IDAT chunks (they are consecutive). */
  idatStart: number;
  idatEnd: number;
}

function _parse(bytes: Buffer): _Parts {
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  const parts: _Parts = { header: Buffer.alloc(0), width: 0, height: 0, channels: 4, supported: false, idat: Buffer.alloc(0), idatStart: 0, idatEnd: 0 };
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      Object.assign(parts, { header: data, width: data.readUInt32BE(0), height: data.readUInt32BE(4), channels: colorType === 6 ? 4 : 3 });
      parts.supported = depth === 8 && (colorType === 6 || colorType === 2) && interlace === 0;
    } else if (type === "IDAT") {
      if (idat.length === 0) parts.idatStart = offset;
      idat.push(data);
      parts.idatEnd = offset + 12 + length;
    } else if (type === "IEND") break;
    offset += 12 + length;
  }
  parts.idat = Buffer.concat(idat);
  return parts;
}

/** Undoes the row filters in place: each row keeps its leading filter byte, set to 0 (None). */
function _unfilter(data: Buffer, { width, height, channels: bpp }: _Parts): Buffer {
  const stride = width * bpp + 1;
  if (data.length < stride * height) throw new Error("PNG image data is short");
  for (let y = 0; y < height; y++) {
    const start = y * stride + 1;
    const end = start + stride - 1;
    const filter = data[start - 1]!;
    data[start - 1] = 0;
    if (filter === 0) continue;
    if (filter > 4) throw new Error(`bad PNG filter ${filter}`);
    // The row above is already unfiltered; the first row has none (zeros).
    if (filter === 1) for (let i = start + bpp; i < end; i++) data[i] = (data[i]! + data[i - bpp]!) & 0xff;
    else if (filter === 2) for (let i = start; i < end && y > 0; i++) data[i] = (data[i]! + data[i - stride]!) & 0xff;
    else {
      for (let i = start; i < end; i++) {
        const left = i - bpp >= start ? data[i - bpp]! : 0;
        const above = y > 0 ? data[i - stride]! : 0;
        const upLeft = y > 0 && i - bpp >= start ? data[i - stride - bpp]! : 0;
        data[i] = (data[i]! + _predict(filter, left, above, upLeft)) & 0xff;
      }
    }
  }
  return data.subarray(0, stride * height);
}

function _predict(filter: number, left: number, up: number, upLeft: number): number {
  if (filter === 3) return (left + up) >> 1;
  // Paeth: whichever neighbour is closest to left + up − upLeft.
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
}
