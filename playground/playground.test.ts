// The playground end to end in Chromium: a persona's REST answers, live WebSocket and SSE messages
// when the simulator changes the presence, the card builder, the widgets, and a non-blank page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, strictContext } from "../server/_test/browser.ts";
import { startStack, type Stack } from "../server/_test/harness.ts";
import { distinctColours } from "../widgets/_test/page.ts";

const CODER = "545507915071620158"; // Lin: Visual Studio Code
const WAIT = { timeout: 8000 };

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  // A short heartbeat interval, so the page's op 3 shows up within the test; not shorter, because
  // silence for twice it closes the socket (4000), and a busy machine can hold Chromium's timers.
  const start = { sockets: { heartbeatIntervalMs: 3000 } };
  [stack, browser] = await Promise.all([startStack({ start }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("playground in a browser", () => {
  it("shows a persona in every dialect, live messages, the card builder and the widgets", async () => {
    const context = await strictContext(browser);
    const page = await context.newPage();
    const widgetsBuilt = (await fetch(new URL("/widgets.js", stack.server.url))).ok;
    await page.goto(stack.server.url);

    // The picker comes from the server; choosing a persona points every panel at it.
    await page.waitForSelector(`#user-select option[value="${CODER}"]`, { ...WAIT, state: "attached" });
    await page.selectOption("#user-select", CODER);
    expect(new URL(page.url()).hash).toBe(`#user=${CODER}`);
    await _paneContains(page, "pane-lanyard", '"username": "lin_codes"');
    await _paneContains(page, "pane-tether", '"username": "lin_codes"');
    await _paneContains(page, "pane-originoid", `"user_id": "${CODER}"`);
    await _paneContains(page, "pane-grux-user", '"username": "lin_codes"');
    await _paneContains(page, "pane-grux-activity", '"name": "Visual Studio Code"');
    for (const pane of ["lanyard", "tether", "originoid", "grux-user", "grux-activity"]) {
      expect(await page.getAttribute(`#pane-${pane}`, "data-status"), pane).toMatch(/^200/);
    }

    // Tabs work from the keyboard.
    await page.focus("#tab-lanyard");
    await page.keyboard.press("ArrowRight");
    expect(await page.getAttribute("#tab-tether", "aria-selected")).toBe("true");
    expect(await page.isVisible("#pane-tether")).toBe(true);
    expect(await page.isVisible("#pane-lanyard")).toBe(false);

    // Both logs get their first state, then the change the simulator makes.
    await _logEntry(page, '#ws-log [data-kind="op 0 INIT_STATE"]');
    await _logEntry(page, '#sse-log [data-kind="init"]');
    await _logEntry(page, '#ws-log [data-kind="op 3 Heartbeat"]');
    const res = await fetch(`${stack.sim.url}/_sim/presence`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: CODER, status: "dnd", activities: [{ name: "Playground test", type: 0 }] }),
    });
    expect(res.status).toBe(200);
    await _logEntry(page, '#ws-log [data-kind="op 0 PRESENCE_UPDATE"]:has-text("dnd · Playground test")');
    await _logEntry(page, '#sse-log [data-kind="presence"]:has-text("dnd · Playground test")');
    // …and the REST panes refresh with it.
    await _paneContains(page, "pane-lanyard", '"discord_status": "dnd"');

    // The card URL follows the options; the image loads at the requested size.
    const firstSrc = await _cardLoaded(page);
    expect(firstSrc).toBe(`/cards/${CODER}.svg`);
    await page.selectOption('#card-form [name="theme"]', "nord");
    await page.check('#card-form [name="hide_badges"]');
    await page.selectOption('#card-form [name="format"]', "png");
    await page.selectOption('#card-form [name="scale"]', "2");
    await page.$eval('#card-form [name="width"]', (input: HTMLInputElement) => {
      input.value = "600";
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    const path = `/cards/${CODER}.png?theme=nord&width=600&scale=2&hide_badges=true`;
    await page.waitForFunction((p) => document.getElementById("card-img")!.getAttribute("src") === p, path, WAIT);
    expect(await _cardLoaded(page)).toBe(path);
    expect(await page.$eval("#card-img", (img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
    const url = stack.server.url + path;
    expect(await page.inputValue("#card-md")).toBe(`![Discord presence](${url})`);
    expect(await page.inputValue("#card-html")).toBe(`<img src="${url.replace(/&/g, "&amp;")}" alt="Discord presence" width="600">`);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.server.url });
    await page.click('[data-copy="card-md"]');
    await page.waitForSelector('#copy-status:has-text("copied")', WAIT);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`![Discord presence](${url})`);

    // An example sets its options from the defaults, whatever was chosen before.
    await page.click('button[data-example="card=spotify&progress=bar&hide_timestamp=true"]');
    const example = `/cards/${CODER}.svg?card=spotify&progress=bar&hide_timestamp=true`;
    await page.waitForFunction((p) => document.getElementById("card-img")!.getAttribute("src") === p, example, WAIT);
    expect(await _cardLoaded(page)).toBe(example);

    // The widgets: placed with the user's id, upgraded when the bundle is there.
    const snippet = await page.inputValue("#widgets-html");
    expect(snippet).toContain(`<script type="module" src="${stack.server.url}/widgets.js"></script>`);
    for (const tag of ["presence-card", "presence-status", "now-playing"]) {
      expect(snippet).toContain(`<${tag} user-id="${CODER}"></${tag}>`);
      expect(await page.getAttribute(`#widgets ${tag}`, "user-id")).toBe(CODER);
    }
    await page.waitForSelector(`#widgets[data-state="${widgetsBuilt ? "loaded" : "unavailable"}"]`, WAIT);
    if (widgetsBuilt) {
      expect(await page.evaluate(() => ["presence-card", "presence-status", "now-playing"].every((t) => customElements.get(t)))).toBe(true);
      // Locators pierce the elements' open shadow roots.
      await page.locator("#widgets presence-card").filter({ hasText: "lin_codes" }).waitFor(WAIT);
    }

    // The heartbeats kept the socket open all along.
    expect(await page.locator("#ws-log .info").allTextContents()).toEqual([]);
    expect(await page.textContent("#ws-state")).toBe("open");

    // Light and dark both apply, and the page is not blank.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).not.toBe(light);
    const colours = await distinctColours(page, await page.screenshot({ fullPage: true }));
    expect(colours).toBeGreaterThan(1000);

    // A missing bundle is the one error a page may log (the server answers 404 for it).
    const errors = widgetsBuilt ? context.errors : context.errors.filter((e) => !/404/.test(e));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works with a typed id and without the widget bundle", async () => {
    const context = await strictContext(browser);
    const page = await context.newPage();
    await page.route("**/widgets.js", (route) => route.fulfill({ status: 404, body: "" }));
    // The user list arrives only after the id is typed: the picker must still catch up with it.
    let typed!: () => void;
    const afterTyping = new Promise<void>((resolve) => (typed = resolve));
    await page.route("**/playground/users", async (route) => {
      await afterTyping;
      await route.continue();
    });
    await page.goto(stack.server.url);
    await page.fill("#user-id", CODER);
    await page.press("#user-id", "Enter");
    await _paneContains(page, "pane-lanyard", '"username": "lin_codes"');
    typed();
    await expect.poll(() => page.inputValue("#user-select")).toBe(CODER);
    await page.waitForSelector('#widgets[data-state="unavailable"]', WAIT);
    expect(await page.textContent("#widgets-note")).toContain("not available");
    await _cardLoaded(page);
    // A phone-sized window scrolls only vertically.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(context.errors).toEqual([expect.stringContaining("404")]);
    await context.close();
  });
});

// --- internal ---

function _paneContains(page: Page, id: string, text: string) {
  return page.waitForFunction(([i, t]) => document.getElementById(i!)!.textContent!.includes(t!), [id, text], WAIT);
}

/** Waits for a live-log entry; on a timeout the error carries the log (a close code, say). */
async function _logEntry(page: Page, selector: string): Promise<void> {
  try {
    await page.waitForSelector(selector, WAIT);
  } catch (error) {
    const log = selector.split(" ")[0]!;
    const lines = await page.$$eval(`${log} li`, (items) =>
      items.slice(0, 20).map((i) => [...i.children].filter((c) => c.tagName !== "DETAILS").map((c) => c.textContent).join(" ")));
    throw new Error(`${(error as Error).message}\n${log}, newest first:\n${lines.join("\n")}`);
  }
}

/** Waits for the card image to have loaded and returns its `src` attribute. */
async function _cardLoaded(page: Page): Promise<string | null> {
  await page.waitForFunction(() => {
    const img = document.getElementById("card-img") as HTMLImageElement;
    return img.dataset.state === "loaded" && img.complete && img.naturalWidth > 0;
  }, undefined, WAIT);
  return page.getAttribute("#card-img", "src");
}
