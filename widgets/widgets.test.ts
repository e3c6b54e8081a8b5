// The three elements in Debian's Chromium against the real server fed by the simulator, on a page
// of another origin: the persona's song, live updates, one shared EventSource, restarts.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { strictContext } from "../server/_test/browser.ts";
import { startStack, tempDir, type Stack } from "../server/_test/harness.ts";
import { PERSONAS } from "../server/simulator/index.ts";
import { DESKTOP_PLAYLIST, toSpotifyActivity } from "../server/simulator/playlists.ts";
import { distinctColours, INSTRUMENT, servePage, useWidgetPages, waitText, widgetPage } from "./_test/page.ts";

const SPOTIFY = PERSONAS.spotify.id;
const MOBILE = PERSONAS.mobile.id;
const THREE = (id: string) =>
  `<presence-card user-id="${id}"></presence-card><presence-status user-id="${id}"></presence-status>` +
  `<now-playing user-id="${id}"></now-playing>`;

const pages = useWidgetPages();
const open = (body: string) => pages.open(widgetPage(pages.stack.server.url, body));

describe("widgets on another origin", () => {
  it("show the Spotify persona's song, name and status", async () => {
    const { data } = (await pages.stack.get(`/v1/users/${SPOTIFY}`)).body;
    const page = await open(THREE(SPOTIFY));
    await waitText(page, "now-playing [part~=song]", data.spotify.song);
    await waitText(page, "presence-card [part~=song]", data.spotify.song);
    await waitText(page, "presence-card [part~=name]", data.discord_user.global_name);
    await waitText(page, "presence-status [part~=label]", "Online");
    const name = data.discord_user.global_name;
    const card = await page.locator("presence-card").ariaSnapshot();
    for (const node of [`group "${name} on Discord"`, 'img "Online"', 'progressbar "Track progress"']) {
      expect(card).toContain(node);
    }
    const playing = await page.locator("now-playing").ariaSnapshot();
    expect(playing).toContain(`group "${name}: now playing"`);
    expect(playing).toContain(`link "${data.spotify.song}"`);
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
    const page = await open(THREE(SPOTIFY) + `<now-playing id="quiet" hide-idle user-id="${SPOTIFY}"></now-playing>`);
    await waitText(page, "presence-status [part~=label]", "Online");
    const { data } = (await pages.stack.get(`/v1/users/${SPOTIFY}`)).body;
    const track = DESKTOP_PLAYLIST.find((t) => t.title !== data.spotify.song)!;
    const playback = { index: 0, start: Date.now() - 5000, createdAt: Date.now(), sessionId: "s" };
    pages.stack.sim.setPresence(SPOTIFY, { status: "dnd", activities: [toSpotifyActivity(SPOTIFY, track, playback)] });
    await waitText(page, "presence-status [part~=label]", "Do Not Disturb");
    await waitText(page, "now-playing [part~=song]", track.title);
    await waitText(page, "presence-card [part~=song]", track.title);
    const live = page.locator("now-playing:not(#quiet) .sr[aria-live=polite]");
    expect(await live.textContent()).toBe(`Now playing ${track.title} by ${track.artists.join(", ")}`);
    const changes = await page.evaluate(() => (window as any).__changes);
    expect(changes).toContainEqual({ tag: "presence-status", userId: SPOTIFY, status: "dnd", song: track.title, composed: true });
    pages.stack.sim.setPresence(SPOTIFY, { status: "online", activities: [] });
    await waitText(page, "now-playing [part~=idle]", "Not listening to anything");
    expect(await page.locator("presence-card [part~=playing]").isHidden()).toBe(true);
    expect(await page.locator("#quiet [part~=base]").isHidden()).toBe(true);
    expect((await page.locator("#quiet").boundingBox())?.height).toBe(0);
  });

  it("share one EventSource between every element, reopened once when a user is added", async () => {
    const page = await open(THREE(SPOTIFY) + THREE(MOBILE) + `<presence-status user-id="${SPOTIFY}"></presence-status>`);
    await waitText(page, `presence-card[user-id="${MOBILE}"] [part~=name]`, "Kenji");
    await waitText(page, `presence-card[user-id="${SPOTIFY}"] [part~=name]`, "Mira");
    const sources = () => page.evaluate(() => (window as any).__eventSources as string[]);
    expect(await sources()).toEqual([`${pages.stack.server.url}/v1/events?ids=${[MOBILE, SPOTIFY].sort().join(",")}`]);
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
    const { data } = (await pages.stack.get(`/v1/users/${MOBILE}`)).body;
    const page = await open(THREE(MOBILE));
    await waitText(page, "presence-card [part~=song]", data.spotify.song);
    await page.locator("presence-card [part~=avatar] img").evaluate((img: HTMLImageElement) => img.decode());
    await page.locator("presence-card [part~=art] img").evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot();
    const colours = await distinctColours(page, png);
    // Text, the avatar, the album art and the progress bar: far more than a blank box's few colours.
    expect(colours).toBeGreaterThan(200);
  });
});

describe("after a server restart", () => {
  it("the elements reconnect, recreating a stream the browser gave up on, and show new data", async () => {
    const dir = tempDir();
    let first: Stack | undefined = await startStack({ storageDir: dir.path });
    let second: Stack | undefined;
    const api = first.server.url;
    const port = Number(new URL(api).port);
    const site = await servePage(() => widgetPage(api, THREE(SPOTIFY)));
    try {
      pages.context = await strictContext(pages.browser);
      const page = await pages.context.newPage();
      await page.addInitScript(INSTRUMENT);
      await page.goto(site.url);
      await waitText(page, "presence-status [part~=label]", "Online");
      await first.close();
      first = undefined;
      // Meanwhile the port answers 503, as a server does while it shuts down: the browser's
      // EventSource gives up for good, so only the widgets' own retry can bring it back.
      const down = await _unavailable(port);
      await down.hit;
      await down.close();
      second = await startStack({ storageDir: dir.path, env: { PORT: String(port) } });
      second.sim.setPresence(SPOTIFY, { status: "idle" });
      await waitText(page, "presence-status [part~=label]", "Idle", 15_000);
      const sources = await page.evaluate(() => (window as any).__eventSources as string[]);
      expect(sources[0]).toBe(`${api}/v1/events?ids=${SPOTIFY}`);
      expect(sources.length).toBeGreaterThanOrEqual(2);
      expect(sources.at(-1)).toMatch(new RegExp(`^${api}/v1/events\\?ids=${SPOTIFY}&last_event_id=\\w+\\.\\w+$`));
      // Chromium reports the refused and failed reconnects; nothing else may fail.
      pages.context.errors = pages.context.errors.filter((e) => !/EventSource|ERR_CONNECTION_REFUSED|503/.test(e));
    } finally {
      await site.close();
      await first?.close();
      await second?.close();
      dir.remove();
    }
  });
});

// --- internal ---

/** A server on `port` answering 503 to everything; `hit` resolves at its first SSE request. */
async function _unavailable(port: number): Promise<{ hit: Promise<void>; close(): Promise<void> }> {
  let hit!: () => void;
  const hitPromise = new Promise<void>((resolve) => (hit = resolve));
  const server = createServer((req, res) => {
    const body = { success: false, error: { code: "service_unavailable", message: "Restarting" } };
    res.writeHead(503, { "content-type": "application/json", "access-control-allow-origin": "*" });
    res.end(JSON.stringify(body));
    if (req.url?.startsWith("/v1/events")) hit();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    hit: hitPromise,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
