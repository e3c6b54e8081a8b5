// Browser-test helpers: a page on another origin than the API, and waiting on shadow DOM text.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { launchBrowser, strictContext } from "../../server/_test/browser.ts";
import { startStack, type Stack } from "../../server/_test/harness.ts";
import { buildWidgets } from "../build.ts";

/** Counts EventSource constructions in `window.__eventSources` and records `presence-change`s. */
export const INSTRUMENT = `
  window.__eventSources = [];
  window.__changes = [];
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) { super(url, init); window.__eventSources.push(String(url)); }
  };
  document.addEventListener("presence-change", (e) => window.__changes.push({
    tag: e.target.localName, userId: e.userId, status: e.presence && e.presence.discord_status,
    song: e.presence && e.presence.spotify && e.presence.spotify.song, composed: e.composed,
  }));
`;

/**
 * Serves `html(path)` at every path on its own 127.0.0.1 port, so the widgets run cross-origin as
 * on a visitor's site.
 */
export async function servePage(html: (path: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html(req.url ?? "/"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A minimal widget page loading the bundle from `api`. */
export function widgetPage(api: string, body: string, head = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8">${head}` +
    `<script type="module" src="${api}/widgets.js"></script></head><body>${body}</body></html>`;
}

/** Waits until a node matching `selector` (open shadow roots are pierced) shows `text`. */
export function waitText(page: Page, selector: string, text: string | RegExp, timeout = 10_000): Promise<void> {
  return page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout });
}

/** What {@link useWidgetPages} sets up for a test file. */
export interface WidgetPages {
  browser: Browser;
  stack: Stack;
  /** The page server (another origin than `stack.server.url`). */
  site: Awaited<ReturnType<typeof servePage>>;
  /** The current test's context: its page errors fail the test. */
  context: BrowserContext & { errors: string[] };
  /** Opens `html` on the page server in a fresh strict context, instrumented by {@link INSTRUMENT}. */
  open(html: string, colorScheme?: "light" | "dark"): Promise<Page>;
}

/**
 * One browser, one stack (simulator + server) and one page server per test file, with the bundle
 * built first; each test's context is closed after it and must have had no page error.
 */
export function useWidgetPages(): WidgetPages {
  let html = "";
  const pages = {
    async open(page: string, colorScheme: "light" | "dark" = "light") {
      pages.context = await strictContext(pages.browser);
      const tab = await pages.context.newPage();
      await tab.emulateMedia({ colorScheme });
      await tab.addInitScript(INSTRUMENT);
      html = page;
      await tab.goto(pages.site.url);
      return tab;
    },
  } as WidgetPages;
  beforeAll(async () => {
    [pages.browser, pages.stack] = await Promise.all([launchBrowser(), startStack(), buildWidgets()]);
    pages.site = await servePage(() => html);
  });
  afterAll(async () => {
    await pages.browser?.close();
    await pages.site?.close();
    await pages.stack?.close();
  });
  afterEach(async () => {
    const errors = pages.context.errors;
    await pages.context.close();
    expect(errors).toEqual([]);
  });
  return pages;
}

/** Distinct colours of a PNG, decoded by drawing it on a canvas of `page`. */
export function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width: img.width, height: img.height });
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    return new Set(new Uint32Array(ctx.getImageData(0, 0, img.width, img.height).data.buffer)).size;
  }, png.toString("base64"));
}
