import { crc32, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderImage } from "./assets.ts";
import { createSimulator, PERSONAS, readPngSize, type Simulator } from "./index.ts";

let sim: Simulator;

beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(() => sim.close());

/** Fully decodes a PNG's structure: chunk CRCs, IHDR and the inflated scanline length. */
function decodePng(bytes: Buffer): { width: number; height: number; colorType: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(0, 8)).toEqual(signature);
  let offset = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (;;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = crc32(bytes.subarray(offset + 4, offset + 8 + length));
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 4 + 1) * height);
  return { width, height, colorType: header![9] };
}

async function image(path: string) {
  const res = await fetch(`${sim.url}${path}`);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("generated images", () => {
  it.each([
    `/cdn/avatars/${PERSONAS.spotify.id}/${PERSONAS.spotify.user.avatar}.gif`,
    `/cdn/avatars/${PERSONAS.moon.id}/${PERSONAS.moon.user.avatar}.webp`,
    "/cdn/embed/avatars/3.png",
    "/cdn/avatar-decoration-presets/a_bd3939375fd2016ad3b8db847b0d7f42.png",
    "/cdn/clan-badges/490251688607875283/dfda79b3532c1683aa82e31b7e97ece3.png",
    "/cdn/app-assets/383226320970055681/565945350836518919.png",
    "/cdn/badge-icons/7060786766c9c840eb3019e725d2b358.png",
    "/spotify/image/ab67616d0000b273e0c0a2a9f72a925572f06aed",
  ])("serves %s as a decodable 128×128 PNG", async (path) => {
    const { res, bytes } = await image(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("max-age");
    expect(decodePng(bytes)).toEqual({ width: 128, height: 128, colorType: 6 });
  });

  it("honours ?size= up to 512", async () => {
    const avatar = `/cdn/avatars/${PERSONAS.coder.id}/${PERSONAS.coder.user.avatar}.png`;
    const small = await image(`${avatar}?size=64`);
    expect(readPngSize(small.bytes)).toEqual({ width: 64, height: 64 });
    const huge = await image(`${avatar}?size=4096`);
    expect(readPngSize(huge.bytes)).toEqual({ width: 512, height: 512 });
  });

  it("sends an ETag and Last-Modified, and answers a matching If-None-Match with 304", async () => {
    const path = `/cdn/avatars/${PERSONAS.coder.id}/${PERSONAS.coder.user.avatar}.png`;
    const { res } = await image(path);
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get("last-modified")).toMatch(/GMT$/);
    const again = await fetch(`${sim.url}${path}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const other = await fetch(`${sim.url}${path}`, { headers: { "if-none-match": '"other"' } });
    expect(other.status).toBe(200);
  });

  it("is deterministic per path and differs between hashes", () => {
    expect(renderImage("avatar", "abc")).toBe(renderImage("avatar", "abc")); // cached
    expect(renderImage("avatar", "abc").equals(renderImage("avatar", "abd"))).toBe(false);
  });

  it("answers unknown image paths with 404", async () => {
    expect((await image("/cdn/avatars/1/not-a-hash.png")).res.status).toBe(404);
    expect((await image("/cdn/unknown/1.png")).res.status).toBe(404);
  });
});
