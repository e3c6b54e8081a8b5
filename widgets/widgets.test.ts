// The three elements in Debian's Chromium against the real server fed by the simulator, on a page
// of another origin: the persona's song, live updates, one shared EventSource, restarts.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, strictContext } from "../server/_test/browser.ts";
import { startStack, tempDir, type Stack } from "../server/_test/harness.ts";
import { PERSONAS } from "../server/simulator/index.ts";
import { DESKTOP_PLAYLIST, toSpotifyActivity } from "../server/simulator/playlists.ts";
import { INSTRUMENT, servePage, waitText, widgetPage } from "./_test/page.ts";
import { buildWidgets } from "./build.ts";

const SPOTIFY = PERSONAS.spotify.id;
const MOBILE = PERSONAS.mobile.id;
const THREE = (id: string) =>
  `<presence-card user-id="${id}"></presence-card><presence-status user-id="${id}"></presence-status>` +
  `<now-playing user-id="${id}"></now-playing>`;

let browser: Browser;
let context: BrowserContext & { errors: string[] };
let stack: Stack;
let site: Awaited<ReturnType<typeof servePage>>;
let body = "";

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchBrowser(), startStack(), buildWidgets()]);
  site = await servePage(() => widgetPage(stack.server.url, body));
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.close();
});
afterEach(async () => {
  const errors = context.errors;
  await context.close();
  expect(errors).toEqual([]);
});

async function open(html: string): Promise<Page> {
  context = await strictContext(browser);
  const page = await context.newPage();
  await page.addInitScript(INSTRUMENT);
  body = html;
  await page.goto(site.url);
  return page;
}

describe("widgets on another origin", () => {
  it("show the Spotify persona's song, name and status", async () => {
    const { data } = (await stack.get(`/v1/users/${SPOTIFY}`)).body;
    const page = await open(THREE(SPOTIFY));
    await waitText(page, "now-playing [part~=song]", data.spotify.song);
    await waitText(page, "presence-card [part~=song]", data.spotify.song);
    await waitText(page, "presence-card [part~=name]", data.discord_user.global_name);
    await waitText(page, "presence-status [part~=label]", "Online");
    const href = await page.locator("now-playing [part~=song]").getAttribute("href");
    expect(href).toBe(`https://open.spotify.com/track/${data.spotify.track_id}`);
    const art = page.locator("now-playing [part~=art] img");
    expect(await art.getAttribute("src")).toBe(data.spotify.album_art_url);
    // The progress bar ticks in the page, without a server event.
    const bar = page.locator("now-playing [part~=progress]");
    const first = Number(await bar.getAttribute("aria-valuenow"));
    await page.waitForFunction(
      (before) => Number(document.querySelector("now-playing")!.shadowRoot!
        .querySelector("[part~=progress]")!.getAttribute("aria-valuenow")) > before,
      first,
    );
  });

  it("follow a presence change without a reload, with an event and a live announcement", async () => {
    const page = await open(THREE(SPOTIFY));
    await waitText(page, "presence-status [part~=label]", "Online");
    const { data } = (await stack.get(`/v1/users/${SPOTIFY}`)).body;
    const track = DESKTOP_PLAYLIST.find((t) => t.title !== data.spotify.song)!;
    const playback = { index: 0, start: Date.now() - 5000, createdAt: Date.now(), sessionId: "s" };
    stack.sim.setPresence(SPOTIFY, { status: "dnd", activities: [toSpotifyActivity(SPOTIFY, track, playback)] });
    await waitText(page, "presence-status [part~=label]", "Do Not Disturb");
    await waitText(page, "now-playing [part~=song]", track.title);
    await waitText(page, "presence-card [part~=song]", track.title);
    const live = page.locator("now-playing .sr[aria-live=polite]");
    expect(await live.textContent()).toBe(`Now playing ${track.title} by ${track.artists.join(", ")}`);
    const changes = await page.evaluate(() => (window as any).__changes);
    expect(changes).toContainEqual({ tag: "presence-status", userId: SPOTIFY, status: "dnd", song: track.title, composed: true });
    stack.sim.setPresence(SPOTIFY, { status: "online", activities: [] });
    await waitText(page, "now-playing [part~=idle]", "Not listening to anything");
    expect(await page.locator("presence-card [part~=playing]").isHidden()).toBe(true);
  });

  it("share one EventSource between every element, reopened once when a user is added", async () => {
    const page = await open(THREE(SPOTIFY) + THREE(MOBILE) + `<presence-status user-id="${SPOTIFY}"></presence-status>`);
    await waitText(page, `presence-card[user-id="${MOBILE}"] [part~=name]`, "Kenji");
    await waitText(page, `presence-card[user-id="${SPOTIFY}"] [part~=name]`, "Mira");
    const sources = () => page.evaluate(() => (window as any).__eventSources as string[]);
    expect(await sources()).toEqual([`${stack.server.url}/v1/events?ids=${[MOBILE, SPOTIFY].sort().join(",")}`]);
    const moon = PERSONAS.moon.id;
    await page.evaluate((id) => {
      for (const tag of ["presence-card", "presence-status"]) {
        document.body.append(Object.assign(document.createElement(tag), { userId: id }));
      }
    }, moon);
    await waitText(page, `presence-card[user-id="${moon}"] [part~=custom-status]`, "night owl hours");
    expect((await sources()).length).toBe(2);
    expect((await sources())[1]).toContain(moon);
  });

  it("draw a non-blank widget page", async () => {
    const { data } = (await stack.get(`/v1/users/${MOBILE}`)).body;
    const page = await open(THREE(MOBILE));
    await waitText(page, "presence-card [part~=song]", data.spotify.song);
    await page.locator("presence-card [part~=avatar] img").evaluate((img: HTMLImageElement) => img.decode());
    await page.locator("presence-card [part~=art] img").evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.locator("presence-card").screenshot();
    const colours = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = Object.assign(document.createElement("canvas"), { width: img.width, height: img.height });
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const pixels = new Uint32Array(ctx.getImageData(0, 0, img.width, img.height).data.buffer);
      return new Set(pixels).size;
    }, png.toString("base64"));
    // Text, the avatar, the album art and the progress bar: far more than a blank box's few colours.
    expect(colours).toBeGreaterThan(200);
  });
});

describe("after a server restart", () => {
  it("the elements reconnect and show new data", async () => {
    const dir = tempDir();
    let first: Stack | undefined = await startStack({ storageDir: dir.path });
    let second: Stack | undefined;
    try {
      const api = first.server.url;
      context = await strictContext(browser);
      const page = await context.newPage();
      await page.addInitScript(INSTRUMENT);
      const own = await servePage(() => widgetPage(api, THREE(SPOTIFY)));
      await page.goto(own.url);
      await waitText(page, "presence-status [part~=label]", "Online");
      await first.close();
      first = undefined;
      second = await startStack({ storageDir: dir.path, env: { PORT: String(new URL(api).port) } });
      second.sim.setPresence(SPOTIFY, { status: "idle" });
      await waitText(page, "presence-status [part~=label]", "Idle", 15_000);
      await own.close();
      // Chromium reports the refused reconnects while the server is down; nothing else may fail.
      context.errors = context.errors.filter((e) => !/EventSource|ERR_CONNECTION_REFUSED|503/.test(e));
    } finally {
      await first?.close();
      await second?.close();
      dir.remove();
    }
  });
});
