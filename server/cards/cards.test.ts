// Cards through the real server and simulator, plus design checks on crafted presences.
import { readdirSync, readFileSync } from "node:fs";
import { get, type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { H3 } from "h3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../app.ts";
import { CARD_MAX_BYTES, cardRoutes } from "../routes/cards.ts";
import { startStack, tempDir, type Stack } from "../_test/harness.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { buildCard } from "./build-card.ts";
import { emojiDataUri } from "./emoji.ts";
import type { ImageFetcher } from "./images.ts";
import { ERROR_CACHE_SECONDS, parseCardOptions } from "./options.ts";
import { encodePng, readPngSize } from "../simulator/internal/png.ts";

const SPOTIFY = "293673602384003625";
const MOBILE = "463338282680454615";
const IDLE = "697252410556547946";
const UNKNOWN = "1234567890123456789";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

async function card(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, stack.server.url), { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** A GET without fetch's transparent decompression. */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(new URL(path, stack.server.url), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("GET /cards/:id.svg", () => {
  it.each([
    [SPOTIFY, ""],
    [SPOTIFY, "card=spotify&theme=light"],
    [MOBILE, "theme=nord&show_display_name=true"],
    [IDLE, "theme=dracula&radius=0"],
  ])("renders %s ?%s as an SVG of text paths with a cache header and an ETag", async (id, query) => {
    const { res, body } = await card(`/cards/${id}.svg?${query}&cache_seconds=120`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=120, s-maxage=120, stale-while-revalidate=120");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; img-src * data:; style-src 'unsafe-inline'");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    const svg = body.toString();
    expect(svg).toMatch(/^<svg[^>]+width="500"/);
    expect(svg).toContain("<path");
    // Every image is inlined: nothing a proxied <img> would have to fetch.
    expect(svg).not.toMatch(/href="https?:/);
  });

  it("draws the custom status emoji from Twemoji", async () => {
    const { body } = await card(`/cards/${MOBILE}.svg`);
    expect(body.toString()).toContain(emojiDataUri("📚"));
  });

  it("gzips an SVG for clients that accept it, as its own representation", async () => {
    // A card without a clock (no progress bar): two requests a second apart get the same bytes.
    const path = `/cards/${IDLE}.svg?theme=nord`;
    const plain = await rawGet(path, {});
    const zipped = await rawGet(path, { "accept-encoding": "gzip, deflate, br" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toContain("accept-encoding");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toContain("accept-encoding");
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    // gzip refused with q=0 (RFC 9110 §12.5.3): the identity representation, as for static files.
    const refused = await rawGet(path, { "accept-encoding": "gzip;q=0, br" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body.equals(plain.body)).toBe(true);
    expect(refused.headers.etag).toBe(plain.headers.etag);
    const png = await rawGet(`/cards/${MOBILE}.png`, { "accept-encoding": "gzip" });
    expect(png.headers["content-encoding"]).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
  });

  it("answers If-None-Match with 304", async () => {
    const path = `/cards/${IDLE}.svg?theme=gruvbox`;
    const first = await card(path);
    const etag = first.res.headers.get("etag")!;
    const again = await card(path, { "if-none-match": etag });
    expect(again.res.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.res.headers.get("etag")).toBe(etag);
    expect((await card(path, { "if-none-match": '"other"' })).res.status).toBe(200);
    expect((await card(path, { "if-none-match": "*" })).res.status).toBe(304);
  });
});

describe("GET /cards/:id.png", () => {
  it("renders a PNG at width, and twice that with scale=2", async () => {
    const one = await card(`/cards/${SPOTIFY}.png?card=spotify&width=400`);
    expect(one.res.headers.get("content-type")).toBe("image/png");
    expect(readPngSize(one.body)).toEqual({ width: 400, height: 150 });
    const two = await card(`/cards/${SPOTIFY}.png?card=spotify&width=400&scale=2`);
    expect(readPngSize(two.body)).toEqual({ width: 800, height: 300 });
  });
});

describe("size cap", () => {
  it("answers a card over 5 MiB (huge images) with an error card instead", async () => {
    // A valid 2×2 PNG padded after IEND to 1 MiB: satori embeds the bytes as they are.
    const huge = Buffer.concat([encodePng(2, 2, new Uint8Array(16)), Buffer.alloc(1024 * 1024)]);
    const images: ImageFetcher = { get: async (url) => (url ? `data:image/png;base64,${huge.toString("base64")}` : null) };
    const app = new H3();
    cardRoutes(app, { config: stack.config, hub: stack.server.hub } as AppDeps, { images });
    const res = await app.request(`/cards/${SPOTIFY}.svg`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(`public, max-age=${ERROR_CACHE_SECONDS}`);
    expect(body.length).toBeLessThan(CARD_MAX_BYTES / 100);
  });
});

describe("render sharing", () => {
  it("draws a card once for requests that miss the render cache together", async () => {
    let gets = 0;
    const images: ImageFetcher = { get: async () => (gets++, null) };
    const app = new H3();
    cardRoutes(app, { config: stack.config, hub: stack.server.hub } as AppDeps, { images });
    // A card without a clock, so the burst cannot straddle two render-cache seconds.
    await app.request(`/cards/${IDLE}.svg?theme=nord`);
    const perRender = gets;
    expect(perRender).toBeGreaterThan(0);
    gets = 0;
    const responses = await Promise.all(Array.from({ length: 8 }, () => app.request(`/cards/${IDLE}.svg?theme=light`)));
    expect(gets).toBe(perRender);
    const etags = new Set(responses.map((r) => r.headers.get("etag")));
    expect(etags.size).toBe(1);
  });
});

describe("image cache in storage", () => {
  it("keeps fetched images under images: in the configured storage, with when they were fetched", async () => {
    const dir = tempDir();
    const fsStack = await startStack({ storageDir: dir.path });
    try {
      const res = await fetch(new URL(`/cards/${SPOTIFY}.svg`, fsStack.server.url));
      expect(res.status).toBe(200);
      const files = readdirSync(join(dir.path, "images"));
      expect(files.length).toBeGreaterThanOrEqual(2); // avatar and album art at least
      const entry = JSON.parse(readFileSync(join(dir.path, "images", files[0]!), "utf8"));
      expect(entry.url.startsWith(fsStack.sim.url)).toBe(true);
      expect(entry.dataUri).toMatch(/^data:image\/png;base64,/);
      expect(typeof entry.at).toBe("number");
    } finally {
      await fsStack.close();
      dir.remove();
    }
  });
});

describe("error cards", () => {
  it.each([
    ["an unknown user", `/cards/${UNKNOWN}.svg`, "image/svg+xml; charset=utf-8"],
    ["a malformed id", "/cards/not-an-id.svg", "image/svg+xml; charset=utf-8"],
    ["a bad option", `/cards/${SPOTIFY}.svg?theme=neon`, "image/svg+xml; charset=utf-8"],
    ["an out-of-bounds width", `/cards/${SPOTIFY}.png?width=5000`, "image/png"],
    ["an unknown format", `/cards/${SPOTIFY}.gif`, "image/svg+xml; charset=utf-8"],
    ["a deeper path", `/cards/${SPOTIFY}.svg/extra`, "image/svg+xml; charset=utf-8"],
    ["a deeper PNG path", `/cards/x/${SPOTIFY}.png`, "image/png"],
  ])("answers %s with an error card, HTTP 200 and a short cache", async (_label, path, type) => {
    const { res, body } = await card(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("cache-control")).toBe(`public, max-age=${ERROR_CACHE_SECONDS}`);
    expect(body.length).toBeGreaterThan(100);
    if (type === "image/png") expect(readPngSize(body)?.width).toBe(500);
  });
});

describe("designs on crafted presences", () => {
  const none: ImageFetcher = { get: async () => null };
  const now = 1_700_000_100_000;

  function withSong(song: string): CanonicalPresence {
    const presence = structuredClone(stack.server.hub.get(SPOTIFY)!.presence);
    presence.activities = [
      { id: "spotify:1", name: "Spotify", type: 2, details: song, state: "YOASOBI", timestamps: { start: now - 60_000, end: now + 120_000 } },
    ];
    return presence;
  }

  async function svgOf(presence: CanonicalPresence, query: string) {
    const { body } = await buildCard(presence, parseCardOptions(new URLSearchParams(query)), "svg", { images: none, urls: {}, now });
    return body.toString();
  }

  it("renders a Japanese title as glyphs, not .notdef boxes", async () => {
    const japanese = await svgOf(withSong("夜に駆ける"), "card=spotify");
    // Private-use code points have no glyph anywhere: this is what five boxes look like.
    const tofu = await svgOf(withSong("\u{e000}\u{e001}\u{e002}\u{e003}\u{e004}"), "card=spotify");
    expect(japanese).toContain("<path");
    expect(japanese).not.toBe(tofu);
  });

  it("renders an emoji title with the Twemoji image", async () => {
    const svg = await svgOf(withSong("Fire 🔥 Song"), "card=spotify");
    expect(svg).toContain(emojiDataUri("🔥"));
  });

  it("draws placeholders when no image could be fetched", async () => {
    const svg = await svgOf(withSong("Song"), "");
    expect(svg).not.toContain("<image");
  });

  it("computes the progress at render time and hides it with progress=none", async () => {
    const full = await svgOf(withSong("Song"), "card=spotify");
    const later = await buildCard(withSong("Song"), parseCardOptions(new URLSearchParams("card=spotify")), "svg", {
      images: none,
      urls: {},
      now: now + 30_000,
    });
    expect(later.body.toString()).not.toBe(full);
    expect(await svgOf(withSong("Song"), "card=spotify&progress=none")).not.toBe(full);
  });

  it("draws a guild emoji in the custom status, and activity assets, through the image fetcher", async () => {
    const png = (seed: number) => `data:image/png;base64,${encodePng(2, 2, new Uint8Array(16).fill(seed)).toString("base64")}`;
    const served: Record<string, string> = {
      "https://cdn.example/emojis/111.png?size=32": png(1),
      "https://cdn.example/app-assets/222/333.png?size=128": png(2),
    };
    const asked: string[] = [];
    const images: ImageFetcher = { get: async (url) => (asked.push(url!), served[url!] ?? null) };
    const presence = withSong("x");
    presence.activities = [
      { id: "custom", name: "Custom Status", type: 4, state: "hi", emoji: { name: "blobcat", id: "111" } },
      { id: "g", name: "Game", type: 0, application_id: "222", assets: { large_image: "333", small_image: "mp:external/a/https/b.png" } },
    ];
    const card = await buildCard(presence, parseCardOptions(new URLSearchParams("")), "svg", {
      images,
      urls: { cdnUrl: "https://cdn.example" },
      now,
    });
    const svg = card.body.toString();
    expect(svg).toContain(served["https://cdn.example/emojis/111.png?size=32"]);
    expect(svg).toContain(served["https://cdn.example/app-assets/222/333.png?size=128"]);
    // The media proxy was asked for (the fetcher's allowlist decides) and became a placeholder.
    expect(asked).toContain("https://media.discordapp.net/external/a/https/b.png");
    expect(card.placeholder).toBe(true);
  });

  it("marks a card with a placeholder only when an image it asked for came back empty", async () => {
    const presence = withSong("x");
    presence.activities = [];
    const options = parseCardOptions(new URLSearchParams(""));
    const image = `data:image/png;base64,${encodePng(2, 2, new Uint8Array(16).fill(1)).toString("base64")}`;
    const every: ImageFetcher = { get: async (url) => (url ? image : null) };
    const complete = await buildCard(presence, options, "png", { images: every, urls: {}, now });
    expect(complete.placeholder).toBeUndefined();
    const failing: ImageFetcher = { get: async () => null };
    expect((await buildCard(presence, options, "png", { images: failing, urls: {}, now })).placeholder).toBe(true);
  });

  it("shows the idle message when nothing is playing", async () => {
    const presence = withSong("x");
    presence.activities = [];
    const idle = await svgOf(presence, "card=spotify&idle_message=Quiet");
    const other = await svgOf(presence, "card=spotify&idle_message=Loud");
    expect(idle).not.toBe(other);
  });
});
