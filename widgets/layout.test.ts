// What a person sees with the longest fields Discord allows (128 characters, CJK and emoji): in
// Chromium, no node of a widget's shadow tree lies past the element's box at any width, the page
// never scrolls sideways on a 390 px phone, long text ends in an ellipsis, and every text has a
// contrast of at least 4.5:1 in every combination of page theme, `theme` and prefers-color-scheme.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { PERSONAS } from "../server/simulator/index.ts";
import { DESKTOP_PLAYLIST, toSpotifyActivity } from "../server/simulator/playlists.ts";
import { useWidgetPages, waitText, widgetPage } from "./_test/page.ts";

const ID = PERSONAS.spotify.id;
const TAGS = ["presence-card", "now-playing", "presence-status"] as const;
/** 128 characters mixing Latin, CJK and emoji (emoji count as two UTF-16 units, like Discord). */
const LONG = ("Longest name 最長の名前とても長い活動 🎮🎧✨ " .repeat(8)).slice(0, 128);

const pages = useWidgetPages();

beforeAll(() => {
  const track = { ...DESKTOP_PLAYLIST[0]!, title: LONG, artists: [LONG], album: LONG };
  const playback = { index: 0, start: Date.now() - 5000, createdAt: Date.now(), sessionId: "s" };
  const game = {
    type: 0, name: LONG, details: LONG, state: LONG, created_at: Date.now(),
    timestamps: { start: Date.now() - 60_000 },
  };
  const custom = { type: 4, name: "Custom Status", state: LONG, emoji: { name: "🌙" }, created_at: Date.now() };
  pages.stack.sim.setPresence(
    ID,
    { status: "online", activities: [custom, game, toSpotifyActivity(ID, track, playback)] as never },
    { user: { id: ID, username: "longest_username_allowed", global_name: LONG.slice(0, 32), avatar: null } as never },
  );
});

describe("widgets with 128-character fields", () => {
  for (const width of [300, 390, 520, 800]) {
    it(`stay inside their box at ${width} px and end long text with an ellipsis`, async () => {
      const body = TAGS.map((t) => `<${t} user-id="${ID}" style="--presence-width:${width}px"></${t}>`).join("");
      const page = await _open(widgetPage(pages.stack.server.url, body));
      await page.setViewportSize({ width: Math.max(width + 40, 390), height: 900 });
      expect(await _overflows(page)).toEqual([]);
      for (const sel of ["presence-card [part~=activity-details]", "now-playing [part~=song]"]) {
        const t = await page.locator(sel).evaluate((el) => ({
          clipped: el.scrollWidth > el.clientWidth,
          overflow: getComputedStyle(el).textOverflow,
        }));
        expect(t, sel).toEqual({ clipped: true, overflow: "ellipsis" });
      }
    });
  }

  it("never make a 390 px page scroll sideways, at their default width, one block each", async () => {
    const body = TAGS.map((t) => `<${t} user-id="${ID}"></${t}>`).join("");
    const page = await _open(widgetPage(pages.stack.server.url, body));
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await _overflows(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Blocks by default: each element starts on its own line, flush with the body's left edge.
    const lefts = await page.evaluate((tags) => tags.map((t) => {
      const r = document.querySelector(t)!.getBoundingClientRect();
      return { display: getComputedStyle(document.querySelector(t)!).display, left: r.left };
    }), [...TAGS]);
    expect(lefts).toEqual(TAGS.map(() => ({ display: "block", left: 8 })));
  });
});

describe("contrast of every text against its background", () => {
  const PAGE = { light: "background:#fff;color:#1f2328", dark: "background:#0d1117;color:#e6edf3" };
  for (const pageTheme of ["light", "dark"] as const) {
    for (const scheme of ["light", "dark"] as const) {
      for (const theme of ["", "light", "dark"]) {
        it(`≥ 4.5:1 on a ${pageTheme} page, prefers-color-scheme ${scheme}, theme="${theme}"`, async () => {
          const attr = theme ? ` theme="${theme}"` : "";
          const body = TAGS.map((t) => `<${t} user-id="${ID}"${attr}></${t}>`).join("");
          const html = widgetPage(pages.stack.server.url, body, `<style>body{${PAGE[pageTheme]}}</style>`);
          const page = await _open(html, scheme);
          const low = await _lowContrast(page);
          expect(low).toEqual([]);
        });
      }
    }
  }
});

// --- internal ---

async function _open(html: string, scheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await pages.open(html, scheme);
  await waitText(page, "now-playing [part~=song]", LONG.slice(0, 20));
  await waitText(page, "presence-card [part~=activity-name]", LONG.slice(0, 20));
  await waitText(page, "presence-status [part~=label]", "Online");
  return page;
}

/** Every shadow node (tag, part, class) whose box lies past its host's box, with the excess. */
function _overflows(page: Page): Promise<string[]> {
  return page.evaluate((tags) => {
    const out: string[] = [];
    for (const tag of tags) {
      const host = document.querySelector(tag)!;
      const box = host.getBoundingClientRect();
      for (const el of host.shadowRoot!.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const past = Math.max(r.right - box.right, box.left - r.left, r.bottom - box.bottom, box.top - r.top);
        if (past > 0.5) out.push(`${tag} ${el.localName}[${el.getAttribute("part") ?? el.className}] +${past}px`);
      }
    }
    return out;
  }, [...TAGS]);
}

/**
 * Every visible text node's element whose colour against the first opaque background behind it
 * (the shadow tree, then the host page) is under 4.5:1, WCAG's formula.
 */
function _lowContrast(page: Page): Promise<string[]> {
  return page.evaluate((tags) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number) as number[];
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let n: Element | null = el; n; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null)) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const tag of tags) {
      const host = document.querySelector(tag)!;
      const walker = document.createTreeWalker(host.shadowRoot!, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const el = t.parentElement!;
        if (!t.textContent!.trim() || !el.checkVisibility() || el.closest(".sr")) continue;
        const fg = rgb(getComputedStyle(el).color);
        const [a, b] = [lum(fg), lum(background(el))];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) out.push(`${tag} ${el.getAttribute("part") ?? el.className}: ${ratio.toFixed(2)}`);
      }
    }
    return out;
  }, [...TAGS]);
}
