// The card builder's lanyard-profile-readme URLs, in Chromium: the names come from the server's
// compat table through /openapi.json, and the URL it writes loads a card.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, strictContext } from "../server/_test/browser.ts";
import { startStack, type Stack } from "../server/_test/harness.ts";

const CODER = "545507915071620158";
const WAIT = { timeout: 8000 };

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("card builder, lanyard-profile-readme URL style", () => {
  it("writes /api/<id> with that project's names and values, and the card loads", async () => {
    const context = await strictContext(browser);
    const page = await context.newPage();
    // The widget bundle is built separately and not needed here.
    await page.route("**/widgets.js", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
    await page.goto(stack.server.url);
    await page.fill("#user-id", CODER);
    await page.press("#user-id", "Enter");
    await _srcIs(page, `/cards/${CODER}.svg`);

    await page.click('button[data-example^="url_style=api"]');
    // Ours: hide_activity=when_not_used, radius=4, hide_custom_status=true.
    const api = `/api/${CODER}?hideActivity=whenNotUsed&borderRadius=4px&hideStatus=true`;
    await _srcIs(page, api);
    expect(await page.isDisabled('#card-form [name="format"]')).toBe(true);
    expect(await page.inputValue("#card-md")).toBe(`![Discord presence](${new URL(api, stack.server.url)})`);

    // Still bar: their `animated=false`; the status dot has no name there and keeps ours.
    await page.uncheck('#card-form [name="animated"]');
    await page.check('#card-form [name="hide_status"]');
    await _srcIs(page, `${api.replace("&hideStatus", "&hide_status=true&hideStatus")}&animated=false`);

    await page.selectOption('#card-form [name="url_style"]', "cards");
    await _srcIs(page, `/cards/${CODER}.svg?hide_activity=when_not_used&radius=4&hide_status=true&hide_custom_status=true&animated=false`);
    expect(context.errors).toEqual([]);
    await context.close();
  });
});

// --- internal ---

/** Waits until the preview shows `path` and its image has loaded. */
async function _srcIs(page: Page, path: string): Promise<void> {
  await page
    .waitForFunction((p) => {
      const img = document.getElementById("card-img") as HTMLImageElement;
      return img.getAttribute("src") === p && img.dataset.state === "loaded" && img.naturalWidth > 0;
    }, path, WAIT)
    .catch(async (error) => {
      throw new Error(`${error}; src is ${await page.getAttribute("#card-img", "src")}`);
    });
}
