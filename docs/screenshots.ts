/**
 * `npm run screenshots`: regenerates the README's pictures from the running demo (the built-in
 * simulator, no token): the playground, two real cards, and the three web components. Written as
 * small PNGs to docs/images/. Uses the same Chromium look-up as the tests (`CHROMIUM_PATH`, PATH).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../server/_test/browser.ts";
import { loadConfig } from "../server/config.ts";
import { startServer } from "../server/runtime.ts";
import { PERSONAS } from "../server/simulator/index.ts";
import { buildWidgets } from "../widgets/build.ts";

const OUT = fileURLToPath(new URL("./images/", import.meta.url));
const WAIT = { timeout: 15_000 };

mkdirSync(OUT, { recursive: true });
await buildWidgets();
const env = { PORT: "0", HOST: "127.0.0.1", STORAGE: "memory" };
const server = await startServer(loadConfig(env, { dotenv: false }), { log: () => {}, fastIdentify: true });
const browser = await launchBrowser();
try {
  await server.source.ready();
  const spotify = PERSONAS.spotify.id;

  // Real cards, as a README embeds them.
  for (const [name, query] of [["card-profile", "theme=dark"], ["card-spotify", "card=spotify&theme=nord"]]) {
    const res = await fetch(`${server.url}/cards/${spotify}.png?${query}`);
    writeFileSync(`${OUT}${name}.png`, Buffer.from(await res.arrayBuffer()));
  }

  // The playground as it opens, once its panels have data.
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
  const pageFont = await _withJapaneseFont(page);
  await page.goto(`${server.url}/#user=${spotify}`);
  await page.waitForSelector('#sse-log [data-kind="init"]', WAIT);
  await page.waitForSelector('#widgets[data-state="loaded"]', WAIT);
  await page.waitForFunction(() => (document.getElementById("card-img") as HTMLImageElement).naturalWidth > 0, undefined, WAIT);
  await pageFont();
  await page.screenshot({ path: `${OUT}playground.png` });

  // The three elements on a plain page of another origin, as on a visitor's site, light and dark.
  const body = `<presence-card user-id="${spotify}"></presence-card>` +
    `<presence-status user-id="${spotify}"></presence-status><now-playing user-id="${spotify}"></now-playing>`;
  const site = await _serve(
    `<!doctype html><html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">` +
      `<style>body{font:14px system-ui;margin:16px;display:grid;gap:12px;width:340px}</style>` +
      `<script type="module" src="${server.url}/widgets.js"></script></head><body>${body}</body></html>`,
  );
  for (const scheme of ["light", "dark"] as const) {
    const tab = await browser.newPage({ viewport: { width: 720, height: 400 }, colorScheme: scheme });
    const tabFont = await _withJapaneseFont(tab);
    await tab.goto(site.url);
    await tab.locator("now-playing [part~=song]").filter({ hasText: /\S/ }).waitFor(WAIT);
    await tabFont();
    await tab.locator("body").screenshot({ path: `${OUT}widgets-${scheme}.png` });
  }
  site.server.close();
  console.log(`[screenshots] written to ${OUT}`);
} finally {
  await browser.close();
  await server.close();
}

/** Serves one HTML page on its own 127.0.0.1 port. */
async function _serve(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Machines without a Japanese system font draw the demo's Japanese titles as boxes: give the page
 * the Noto Sans JP subsets the cards already ship, from node_modules, for the screenshot only.
 */
async function _withJapaneseFont(page: Page): Promise<() => Promise<void>> {
  const dir = new URL("../node_modules/@fontsource/noto-sans-jp/", import.meta.url);
  const css = readFileSync(new URL("400.css", dir), "utf8").replaceAll("url(./files/", "url(http://fonts.invalid/");
  await page.route("http://fonts.invalid/*", (route) =>
    route.fulfill({ body: readFileSync(new URL(`files/${new URL(route.request().url()).pathname.slice(1)}`, dir)) }),
  );
  const style = `${css}\n:root,presence-card,presence-status,now-playing{--presence-font:"Noto Sans JP",system-ui,sans-serif}` +
    `body,pre,code{font-family:"Noto Sans JP",system-ui,sans-serif}`;
  // Called once the page is loaded: adds the font, resolves when its subsets for the text are in.
  return async () => {
    await page.addStyleTag({ content: style });
    await page.evaluate(async () => {
      await new Promise(requestAnimationFrame);
      await document.fonts.ready;
    });
  };
}
