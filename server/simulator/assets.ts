/**
 * Generated images behind Discord-CDN-shaped and Spotify-image-shaped paths, so avatars,
 * decorations, guild tag badges, activity assets and album art render without the internet.
 * Images are deterministic per path (seeded by the hash or id) and always PNG: a `.jpg`, `.gif`
 * or `.webp` request still gets PNG bytes with `content-type: image/png`, which browsers and
 * image decoders sniff correctly.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { encodePng } from "./internal/png.ts";

/** The kinds of generated image, each with its own look. */
export type ImageKind = "avatar" | "default-avatar" | "decoration" | "badge" | "asset" | "album";

/** Default edge length in pixels; `?size=` picks another, clamped to 16–512. */
export const DEFAULT_IMAGE_SIZE = 128;

/**
 * Serves `GET`/`HEAD` of an image path (`/cdn/...` or `/spotify/image/...`).
 * @returns false when the path is not an image route (the caller answers 404).
 */
export function serveAsset(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const route = _route(url.pathname);
  if (!route) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" });
    res.end("Method Not Allowed");
    return true;
  }
  const sizeParam = Number(url.searchParams.get("size"));
  const size =
    sizeParam > 0 ? Math.min(512, Math.max(16, Math.round(sizeParam))) : DEFAULT_IMAGE_SIZE;
  const png = renderImage(route.kind, route.seed, size);
  // Validators like Discord's CDN sends, so a proxy's conditional requests can be answered 304.
  const etag = `"${createHash("md5").update(png).digest("hex")}"`;
  const headers = {
    "cache-control": "public, max-age=31536000, immutable",
    "access-control-allow-origin": "*",
    etag,
    "last-modified": _LAST_MODIFIED,
  };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, "content-type": "image/png", "content-length": png.length });
  res.end(req.method === "HEAD" ? undefined : png);
  return true;
}

/**
 * The generated image a path names (`/cdn/avatars/<id>/<hash>.png`, `/spotify/image/<id>`), or
 * `null` for any other path: how another server serves the same images without proxying here.
 */
export function assetRoute(pathname: string): { kind: ImageKind; seed: string } | null {
  return _route(pathname);
}

/** Renders (or returns the cached) PNG for one image. */
export function renderImage(kind: ImageKind, seed: string, size = DEFAULT_IMAGE_SIZE): Buffer {
  const key = `${kind}:${seed}:${size}`;
  let png = _cache.get(key);
  if (!png) {
    png = encodePng(size, size, _paint(kind, seed, size));
    if (_cache.size >= 256) _cache.delete(_cache.keys().next().value!);
    _cache.set(key, png);
  }
  return png;
}

// --- internal ---

const _cache = new Map<string, Buffer>();

/** Generated images never change: one fixed date serves as their `Last-Modified`. */
const _LAST_MODIFIED = "Thu, 01 Jan 2015 00:00:00 GMT";

/** Discord's default avatar colours (blurple, grey, green, yellow, red, pink). */
const _DEFAULT_AVATAR_COLORS = [0x5865f2, 0x757e8a, 0x3ba55c, 0xfaa61a, 0xed4245, 0xeb459f];

const _ROUTES: Array<[RegExp, ImageKind]> = [
  [/^\/cdn\/avatars\/\d+\/(a_)?[0-9a-f]+\.(png|jpe?g|gif|webp)$/, "avatar"],
  [/^\/cdn\/icons\/\d+\/(a_)?[0-9a-f]+\.(png|jpe?g|gif|webp)$/, "avatar"],
  [/^\/cdn\/embed\/avatars\/\d+\.png$/, "default-avatar"],
  [/^\/cdn\/avatar-decoration-presets\/(a_)?[0-9a-f]+\.png$/, "decoration"],
  [/^\/cdn\/(clan|guild-tag)-badges\/\d+\/[0-9a-f]+\.png$/, "badge"],
  [/^\/cdn\/badge-icons\/[0-9a-f]+\.png$/, "badge"],
  [/^\/cdn\/app-assets\/\d+\/[\w-]+\.(png|webp)$/, "asset"],
  [/^\/cdn\/app-icons\/\d+\/[0-9a-f]+\.(png|webp)$/, "asset"],
  [/^\/spotify\/image\/[0-9a-zA-Z]+$/, "album"],
];

function _route(pathname: string): { kind: ImageKind; seed: string } | null {
  for (const [pattern, kind] of _ROUTES) {
    if (!pattern.test(pathname)) continue;
    return { kind, seed: pathname.slice(pathname.lastIndexOf("/") + 1).split(".")[0] };
  }
  return null;
}

function _paint(kind: ImageKind, seed: string, size: number): Uint8Array {
  const rand = _random(seed);
  const hue = rand() * 360;
  const [r1, g1, b1] = _hsl(hue, 0.65, 0.55);
  const [r2, g2, b2] = _hsl((hue + 40 + rand() * 100) % 360, 0.7, 0.35);
  const fallback = _DEFAULT_AVATAR_COLORS[Number(seed) % 6 || 0];
  const fallbackRgb = [fallback >> 16, (fallback >> 8) & 255, fallback & 255, 255] as const;
  const grid = Array.from({ length: 15 }, () => rand() > 0.5); // 5×5 identicon, mirrored
  const out = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const d = Math.hypot(u - 0.5, v - 0.5);
      const t = (u + v) / 2;
      let px: [number, number, number, number];
      if (kind === "avatar") {
        const col = Math.min(4, Math.floor(u * 5));
        const on = grid[Math.floor(v * 5) * 3 + (col > 2 ? 4 - col : col)];
        px = on ? [r1, g1, b1, 255] : [240, 241, 244, 255];
      } else if (kind === "default-avatar") {
        const white = d < 0.22 || (Math.abs(v - 0.72) < 0.08 && Math.abs(u - 0.5) < 0.28);
        px = white ? [255, 255, 255, 255] : [...fallbackRgb];
      } else if (kind === "decoration") {
        const a = d > 0.42 && d < 0.5 ? 255 : 0;
        px = [_mix(r1, r2, t), _mix(g1, g2, t), _mix(b1, b2, t), a];
      } else if (kind === "album") {
        const ring = Math.abs(d - 0.3) < 0.02 || d < 0.05;
        px = ring ? [250, 250, 250, 255] : [_mix(r1, r2, t), _mix(g1, g2, t), _mix(b1, b2, t), 255];
      } else {
        // badge / asset: a rounded square with a diagonal gradient
        const inside = Math.max(Math.abs(u - 0.5), Math.abs(v - 0.5)) < 0.42 || d < 0.45;
        px = [_mix(r1, r2, t), _mix(g1, g2, t), _mix(b1, b2, t), inside ? 255 : 0];
      }
      out.set(px, (y * size + x) * 4);
    }
  }
  return out;
}

function _mix(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/** A small deterministic PRNG (FNV-1a seed, xorshift32) so images depend only on their path. */
function _random(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  if (state === 0) state = 1; // xorshift never leaves 0
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function _hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}
