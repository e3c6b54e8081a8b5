// The system Chromium driven by playwright-core, for tests that judge what a person sees.
// Never downloads a browser: the executable is the one CI installs with apt, `CHROMIUM_PATH`, or
// the first Chromium/Chrome on PATH (see programs.ts).
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { findProgram, kChromium } from "./programs.ts";

/**
 * Launches headless Chromium with the flags this closed network needs (no background traffic).
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findProgram(kChromium),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A context that fails the test on any page error and records console errors, so a widget that
 * throws is a failed test, not a silent blank.
 */
export async function strictContext(browser: Browser): Promise<BrowserContext & { errors: string[] }> {
  const context = (await browser.newContext()) as BrowserContext & { errors: string[] };
  context.errors = [];
  context.on("page", (page) => {
    page.on("pageerror", (error) => context.errors.push(`pageerror: ${error.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") context.errors.push(`console: ${msg.text()}`);
    });
  });
  return context;
}
