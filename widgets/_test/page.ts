// Browser-test helpers: a page on another origin than the API, and waiting on shadow DOM text.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";

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
