// What is added to satori's SVG: the moving progress bar and the accessible name. The bar's motion
// itself is checked in Chromium (progress-motion.test.ts).
import { describe, expect, it } from "vitest";
import type { CanonicalPresence } from "../presence/types.ts";
import { buildCard } from "./build-card.ts";
import { GOLDEN_NOW, goldenPresence } from "./golden/cases.ts";
import type { ImageFetcher } from "./images.ts";
import { parseCardOptions } from "./options.ts";
import { animateProgress, labelSvg, PROGRESS_MARK } from "./svg-motion.ts";

const none: ImageFetcher = { get: async () => null };
const urls = { cdnUrl: "https://cdn.example", spotifyImageUrl: "https://i.example" };

async function svgOf(query: string, edit?: (p: CanonicalPresence) => void, format: "svg" | "png" = "svg") {
  const presence = goldenPresence("spotify", urls);
  edit?.(presence);
  const card = await buildCard(presence, parseCardOptions(new URLSearchParams(query)), format, { images: none, urls, now: GOLDEN_NOW });
  return card.body.toString();
}

describe("the moving progress bar", () => {
  it("animates the bar of an SVG from where the track is to its end", async () => {
    // The golden spotify track: 0:42 of 4:21 at GOLDEN_NOW.
    for (const query of ["card=spotify", "", "card=spotify&progress=bar"]) {
      const svg = await svgOf(query);
      expect(svg).toContain("<style>@keyframes pk-progress{from{transform:translateX(");
      expect(svg).toMatch(/scaleX\(0\.16\d\d\)/);
      expect(svg).toContain(".pk-progress{animation:pk-progress 219.000s linear forwards}");
      expect(svg).toMatch(/fill="#1db954" class="pk-progress" transform="translate\([\d.]+ 0\) scale\(0\.16\d\d 1\)/);
      expect(svg).not.toContain(PROGRESS_MARK);
    }
  });

  it.each(["animated=false", "progress=static", "progress=none"])("stays still with %s", async (query) => {
    const svg = await svgOf(`card=spotify&${query}`);
    expect(svg).not.toContain("pk-progress");
    expect(svg).not.toContain(PROGRESS_MARK);
  });

  it("stays still once the track is over, and without a profile section to draw it", async () => {
    const over = await svgOf("card=spotify", (p) => {
      p.activities[0]!.timestamps = { start: GOLDEN_NOW - 300_000, end: GOLDEN_NOW - 1000 };
    });
    expect(over).not.toContain("pk-progress");
    expect(await svgOf("hide_activity=true")).not.toContain("pk-progress");
    expect(await svgOf("hide_spotify=true")).not.toContain("pk-progress");
  });

  it("leaves an SVG without a marked fill as it was", () => {
    const svg = '<svg width="1"><path x="0" y="0" fill="#fff" d="M0 0"/></svg>';
    expect(animateProgress(svg, { color: "#000", ratio: 0.5, remainingMs: 1000 })).toBe(svg);
  });
});

describe("the accessible name", () => {
  it("makes the card an image named after the user, describing what it shows", async () => {
    const svg = await svgOf("");
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="pk-title pk-desc" width="500"/);
    expect(svg).toContain('<title id="pk-title">Discord presence of Mira ✦ (@mirakuru)</title>');
    expect(svg).toContain('<desc id="pk-desc">Online. Listening to 夜に駆ける by YOASOBI on Spotify.</desc>');
    expect(await svgOf("card=spotify", (p) => (p.activities = []))).toContain(
      "<desc id=\"pk-desc\">I'm not currently doing anything!</desc>",
    );
  });

  it("escapes what users wrote", () => {
    const svg = labelSvg("<svg x=\"1\"></svg>", { title: "a<b>&c", desc: "</desc><script>" });
    expect(svg).toBe('<svg role="img" aria-labelledby="pk-title pk-desc" x="1"><title id="pk-title">a&lt;b&gt;&amp;c</title><desc id="pk-desc">&lt;/desc&gt;&lt;script&gt;</desc></svg>');
  });
});
