// The moving progress bar as a README visitor sees it: an SVG card in an <img> in Debian's
// Chromium, screenshotted as time passes. The bar must grow on its own, and stay with animated=false.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../_test/browser.ts";
import { buildCard } from "./build-card.ts";
import { decodePng } from "./golden/png-diff.ts";
import { goldenPresence } from "./golden/cases.ts";
import type { ImageFetcher } from "./images.ts";
import { parseCardOptions } from "./options.ts";

const none: ImageFetcher = { get: async () => null };
const urls = { cdnUrl: "https://cdn.example", spotifyImageUrl: "https://i.example" };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A spotify card of a 6 s track, 1 s in at render time, in a page as GitHub shows it (an <img>). */
async function showCard(query: string): Promise<Page> {
  const now = Date.now();
  const presence = goldenPresence("spotify", urls);
  presence.activities[0]!.timestamps = { start: now - 1000, end: now + 5000 };
  // A magenta accent: the label and the bar's fill are the only magenta on the card.
  const options = parseCardOptions(new URLSearchParams(`card=spotify&accent=ff00ff&${query}`));
  const card = await buildCard(presence, options, "svg", { images: none, urls, now });
  const page = await browser.newPage({ viewport: { width: 520, height: 170 } });
  const src = `data:image/svg+xml;base64,${card.body.toString("base64")}`;
  await page.setContent(`<body style="margin:0"><img id="card" src="${src}"></body>`);
  await page.waitForFunction(() => (document.getElementById("card") as HTMLImageElement).complete);
  return page;
}

/** Magenta pixels in a screenshot of the card: the label (fixed) plus the bar's fill. */
async function magenta(page: Page): Promise<number> {
  const { rgba } = decodePng(await page.locator("#card").screenshot());
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i]! > 200 && rgba[i + 1]! < 60 && rgba[i + 2]! > 200) count++;
  }
  return count;
}

describe("the progress bar of an SVG card in Chromium", () => {
  it("grows between two screenshots of the same SVG", async () => {
    const page = await showCard("");
    const first = await magenta(page);
    // The bar covers about 40 px more each second; wait for a clear step, not a fixed time.
    await expect.poll(() => magenta(page), { timeout: 8000, interval: 200 }).toBeGreaterThan(first + 4 * 30);
    await page.close();
  });

  it("stays still with animated=false", async () => {
    const page = await showCard("animated=false");
    const first = await magenta(page);
    // Long enough for a moving bar to have grown by more than 60 px (see above).
    const start = Date.now();
    await page.waitForFunction((t) => Date.now() - t > 1500, start);
    expect(await magenta(page)).toBe(first);
    await page.close();
  });
});
