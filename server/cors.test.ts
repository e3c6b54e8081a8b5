// What a script on another origin can read: Chromium (Debian's) loads a page from a second
// 127.0.0.1 server and fetches presence-kit cross-origin, so only exposed headers are visible.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./_test/browser.ts";
import { startStack, type Stack } from "./_test/harness.ts";

const ID = "293673602384003625";

describe("CORS exposed headers, read by a cross-origin script in Chromium", () => {
  let stack: Stack;
  let page: Server;
  let pageUrl: string;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ env: { RATE_LIMIT_REST: "2", RATE_LIMIT_WINDOW: "60" } }),
      launchBrowser(),
    ]);
    page = createServer((_req, res) => res.end("<!doctype html><title>other origin</title>"));
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => page?.close(resolve));
    await stack?.close();
  });

  it("sees RateLimit-Limit, -Remaining, -Reset, then Retry-After on the 429", async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const seen = await tab.evaluate(async (url) => {
      const names = ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"];
      const out: Array<Record<string, string | number | null>> = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url);
        out.push({ status: res.status, ...Object.fromEntries(names.map((n) => [n, res.headers.get(n)])) });
      }
      return out;
    }, `${stack.server.url}/v1/users/${ID}`);
    expect(seen.map((s) => s.status)).toEqual([200, 200, 429]);
    expect(seen[0]).toMatchObject({ "ratelimit-limit": "2", "ratelimit-remaining": "1" });
    expect(seen[0]!["retry-after"]).toBeNull();
    expect(seen[2]).toMatchObject({ "ratelimit-limit": "2", "ratelimit-remaining": "0" });
    for (const s of seen) expect(Number(s["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
    expect(Number(seen[2]!["retry-after"])).toBeGreaterThanOrEqual(1);
  });
});
