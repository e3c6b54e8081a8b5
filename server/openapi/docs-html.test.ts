// `/docs` as a developer reads it: rendered Markdown, every parameter with its type and default,
// the shared 429 once, a contents list by dialect, schemas as tables with examples; in Chromium,
// readable at 390 px, light and dark, and nothing loaded from anywhere.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../_test/browser.ts";
import { loadConfig } from "../config.ts";
import { createRuntime, type Runtime } from "../runtime.ts";
import type { Json } from "./common.ts";
import { DOCS_CSP, docsHtml } from "./docs-html.ts";
import { inlineMarkdown } from "./docs-markdown.ts";
import { openapiDocument } from "./document.ts";

const html = docsHtml(openapiDocument);

describe("the /docs page", () => {
  it("renders Markdown: no backtick is left, code spans are <code>", () => {
    expect(html).not.toContain("`");
    expect(inlineMarkdown("`a<b>` **x** [y](#z) [js](javascript:alert(1))")).toBe(
      '<code>a&#60;b&#62;</code> <strong>x</strong> <a href="#z">y</a> [js](javascript:alert(1))',
    );
  });

  it("lists every parameter of every operation with its type and default", () => {
    let count = 0;
    for (const [path, item] of Object.entries(openapiDocument.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        const start = html.indexOf(`<article id="op-${method}-`, html.indexOf(`<code>${path.replace(/&/g, "&#38;")}</code></h3>`) - 300);
        const article = html.slice(start, html.indexOf("</article>", start));
        for (const p of (op.parameters ?? []) as Json[]) {
          count++;
          expect(article, `${method} ${path} ${p.name}`).toContain(`<code>${p.name}</code>`);
          const schema = p.schema as Json;
          if ("default" in schema) {
            expect(article, `${p.name} default`).toContain(`<td data-label="Default"><code>${JSON.stringify(schema.default).replace(/"/g, "&#34;")}</code>`);
          }
        }
      }
    }
    // The 19 card options and the path parameter, the SSE and quicklink parameters…
    expect(count).toBeGreaterThan(30);
  });

  it("states the shared 429 once, links it from each operation, and has a contents list by dialect", () => {
    const description = String(openapiDocument.components.responses.RateLimited!.description).slice(0, 40);
    expect(html.split(inlineMarkdown(description).slice(0, 30)).length - 1).toBe(1);
    expect(html.match(/see <a href="#rate-limits">Rate limits<\/a>/g)!.length).toBeGreaterThan(20);
    for (const tag of ["Lanyard", "Tether", "originoid", "Grux", "Cards", "SSE"]) {
      expect(html).toContain(`<li><a href="#${tag.toLowerCase()}">${tag}</a>`);
      expect(html).toContain(`<section id="${tag.toLowerCase()}"><h2>${tag}</h2>`);
    }
    for (const name of Object.keys(openapiDocument.components.schemas)) {
      expect(html).toContain(`<article id="schema-${name}" class="schema">`);
    }
    expect(html).toContain('<td data-label="Property"><code>discord_status</code>');
    expect(html).toContain("<details><summary>Example</summary><pre>{\n  &#34;success&#34;: true");
  });
});

describe("/docs in Chromium", () => {
  let browser: Browser;
  let runtime: Runtime;
  beforeAll(async () => {
    const env = { DISCORD_TOKEN: "test.bot.token", DISCORD_API_URL: "http://127.0.0.1:9", STORAGE: "memory" };
    [browser, runtime] = await Promise.all([
      launchBrowser(),
      createRuntime(loadConfig(env, { dotenv: false }), { log: () => {} }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
  });

  it("is served under a CSP that loads nothing, fits 390 px, follows the colour scheme", async () => {
    const res = await runtime.app.request("/docs");
    expect(res.headers.get("content-security-policy")).toBe(DOCS_CSP);
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.setContent(await res.text());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(light);
    expect(requests).toEqual([]);
    await page.close();
  });
});
