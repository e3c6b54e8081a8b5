// Golden cards: each design and theme drawn for the simulator's personas at a fixed clock, compared
// pixel by pixel with the committed references. After an intended change: `npm run cards:golden`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOLDEN_CASES, GOLDEN_DIR, renderGolden, startGoldenContext, type GoldenContext } from "./golden/cases.ts";
import { decodePng, diffPixels } from "./golden/png-diff.ts";
import { THEMES } from "./themes.ts";

/** A channel may move this much (anti-aliasing), and this share of pixels may differ at all. */
const TOLERANCE = 16;
const MAX_RATIO = 0.002;

let ctx: GoldenContext;
const rendered = new Map<string, Buffer>();

beforeAll(async () => {
  ctx = await startGoldenContext();
});
afterAll(() => ctx?.close());

describe("golden cards", () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))("%s matches its reference", async (name, golden) => {
    const actual = await renderGolden(golden, ctx);
    rendered.set(name, actual);
    const expected = readFileSync(join(GOLDEN_DIR, `${name}.png`));
    const diff = diffPixels(decodePng(expected), decodePng(actual), TOLERANCE);
    if (!diff.sameSize || diff.ratio > MAX_RATIO) {
      const dir = join(tmpdir(), "presence-kit-golden");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.png`), actual);
      expect.fail(`${name}: ${diff.differing} pixels differ (max Δ ${diff.maxDelta}); actual in ${dir}`);
    }
  });

  it("covers every theme and design", () => {
    const queries = GOLDEN_CASES.map((c) => c.query).join("&");
    for (const theme of Object.keys(THEMES).filter((t) => t !== "dark")) expect(queries).toContain(`theme=${theme}`);
    for (const design of ["profile-", "spotify-", "idle", "error-"]) {
      expect(GOLDEN_CASES.some((c) => c.name.includes(design))).toBe(true);
    }
  });

  it("tells two themes of the same card apart, so a regression cannot pass unnoticed", () => {
    const dark = rendered.get("profile-spotify-dark") ?? readFileSync(join(GOLDEN_DIR, "profile-spotify-dark.png"));
    const gruvbox = readFileSync(join(GOLDEN_DIR, "spotify-spotify-gruvbox.png"));
    const spotifyDark = readFileSync(join(GOLDEN_DIR, "spotify-japanese-emoji-dark.png"));
    expect(diffPixels(decodePng(gruvbox), decodePng(spotifyDark), TOLERANCE).ratio).toBeGreaterThan(MAX_RATIO);
    expect(diffPixels(decodePng(dark), decodePng(gruvbox), TOLERANCE).sameSize).toBe(false);
  });
});

describe("decodePng", () => {
  it("reads back the pixels of a PNG resvg wrote: the error card's border is red", () => {
    const { width, height, rgba } = decodePng(readFileSync(join(GOLDEN_DIR, "error-dark.png")));
    expect({ width, height }).toEqual({ width: 400, height: 84 }); // the message wraps to two lines
    // Middle of the left border: #f23f43.
    const i = (40 * width + 0) * 4;
    expect(rgba[i]).toBeGreaterThan(150);
    expect(rgba[i + 1]).toBeLessThan(120);
    // Above the text, inside the border: the dark theme's background, #1e1f22.
    const j = (5 * width + 200) * 4;
    expect([rgba[j], rgba[j + 1], rgba[j + 2], rgba[j + 3]]).toEqual([0x1e, 0x1f, 0x22, 255]);
  });
});
