// The playground as a newcomer first sees it, in Chromium: it opens on a live persona (never the
// bot) whose header follows the stream; in demo mode it hands out an API key through the real
// `.apikey` DM flow, and the demo's images are served on presence-kit's own origin.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, strictContext } from "../server/_test/browser.ts";
import { startStack, type Stack } from "../server/_test/harness.ts";
import { loadConfig } from "../server/config.ts";
import { startServer, type RunningServer } from "../server/runtime.ts";

const WAIT = { timeout: 10_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the first page", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it("opens on a person who is doing something, and its header follows the live stream", async () => {
    const context = await strictContext(browser);
    const page = await context.newPage();
    await page.goto(stack.server.url);
    await page.waitForFunction(() => location.hash.startsWith("#user="), undefined, WAIT);
    const id = new URLSearchParams(new URL(page.url()).hash.slice(1)).get("user")!;
    const shown = stack.server.hub.get(id)!.presence;
    expect(shown.user.bot).toBe(false);
    expect(shown.discord_status).not.toBe("offline");
    expect(shown.activities.some((a) => a.type !== 4)).toBe(true);
    await page.waitForSelector("#user-summary .status", WAIT);

    const next = shown.discord_status === "dnd" ? "idle" : "dnd";
    stack.sim.setPresence(id, { status: next });
    await page.waitForSelector(`#user-summary .status:text-is("${next}")`, WAIT);
    const option = await page.textContent(`#user-select option[value="${id}"]`);
    expect(option).toMatch(new RegExp(`· ${next}$`));
    expect(_errors(context.errors)).toEqual([]);
    await context.close();
  });
});

describe("demo mode", () => {
  let server: RunningServer;
  beforeAll(async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", RATE_LIMIT_REST: "0", RATE_LIMIT_CARDS: "0" };
    server = await startServer(loadConfig(env, { dotenv: false }), { log: () => {}, fastIdentify: true });
    await server.source.ready();
  });
  afterAll(() => server?.close());

  it("gets an API key from the bot in a DM and the curl it shows writes the user's KV", async () => {
    const context = await strictContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector("#demo-key:not([hidden])", WAIT);
    await page.waitForFunction(() => location.hash.startsWith("#user="), undefined, WAIT);
    const id = new URLSearchParams(new URL(page.url()).hash.slice(1)).get("user")!;
    await page.click("#demo-key-get");
    await page.waitForSelector("#demo-key-result:not([hidden])", WAIT);
    const key = (await page.textContent("#demo-key-value"))!;
    expect(await page.textContent("#demo-key-reply")).toContain(key);
    expect(await server.keys.resolve(key)).toBe(id);
    const curl = await page.inputValue("#demo-key-curl");
    expect(curl).toContain(`-H 'Authorization: ${key}'`);
    expect(curl).toContain(`${server.url}/v1/users/${id}/kv/greeting`);

    // What the curl does, done with fetch.
    const put = await fetch(`${server.url}/v1/users/${id}/kv/greeting`, {
      method: "PUT",
      headers: { authorization: key },
      body: "hello from curl",
    });
    expect(put.status).toBe(204);
    const { data } = await (await fetch(`${server.url}/v1/users/${id}`)).json();
    expect(data.kv).toMatchObject({ greeting: "hello from curl" });
    expect(_errors(context.errors)).toEqual([]);
    await context.close();
  });

  it("serves the simulator's images on its own origin, and nothing else of the simulator", async () => {
    const { data } = await (await fetch(`${server.url}/playground/users`)).json();
    const avatar = new URL(data.find((u: any) => !u.bot).avatar_url);
    const own = await fetch(`${server.url}/_demo${avatar.pathname.replace(/^\/?/, "/")}`);
    expect([own.status, own.headers.get("content-type")]).toEqual([200, "image/png"]);
    for (const path of ["/_demo/_sim/state", "/_demo/api/v10/gateway/bot", "/_demo/cdn/%2e%2e/_sim/state", "/_demo/cdn/avatars/1/ab.svg"]) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code, path).toBe("not_found");
    }
  });
});

describe("demo mode with PUBLIC_URL", () => {
  it("puts every image of the presences on presence-kit's origin, where they load", async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", PUBLIC_URL: "http://presence.example:8080" };
    const server = await startServer(loadConfig(env, { dotenv: false }), { log: () => {}, fastIdentify: true });
    try {
      await server.source.ready();
      const { data } = await (await fetch(`${server.url}/playground/users`)).json();
      const user = data.find((u: any) => !u.bot);
      const lanyard = (await (await fetch(`${server.url}/v1/users/${user.id}`)).json()).data;
      const urls = JSON.stringify(lanyard).match(/https?:\/\/[^"]+/g) ?? [];
      const images = urls.filter((u) => /\.(png|jpe?g|gif|webp)|\/image\//.test(u));
      expect(images.length).toBeGreaterThan(0);
      for (const url of images) {
        expect(url).toMatch(/^http:\/\/presence\.example:8080\/_demo\//);
        const res = await fetch(server.url + new URL(url).pathname + new URL(url).search);
        expect([url, res.status, res.headers.get("content-type")]).toEqual([url, 200, "image/png"]);
      }
    } finally {
      await server.close();
    }
  });
});

// --- internal ---

/**
 * Page errors, less a quicklink avatar's 502: the widgets' avatar is a 512 px PNG the simulator
 * renders in the same process, which on a loaded 2-core machine can outlast the quicklink's 5 s
 * upstream limit. Not what these tests are about; every other error still fails them.
 */
function _errors(errors: string[]): string[] {
  return errors.filter((e) => !/status of 502/.test(e));
}
