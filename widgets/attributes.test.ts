// Attribute handling, theming, define guards and the fallback, in Debian's Chromium.
import { describe, expect, it } from "vitest";
import { PERSONAS } from "../server/simulator/index.ts";
import { useWidgetPages, waitText, widgetPage } from "./_test/page.ts";

const SPOTIFY = PERSONAS.spotify.id;
const pages = useWidgetPages();
const { open } = pages;

describe("widget attributes", () => {
  it("reflect properties to attributes and read them through whitelists", async () => {
    const page = await open(widgetPage(pages.stack.server.url, '<section api="http://127.0.0.1:9/base/"></section>'));
    await page.waitForFunction(() => customElements.get("now-playing"));
    const seen = await page.evaluate((id) => {
      const card = document.createElement("presence-card");
      const status = document.createElement("presence-status");
      const playing = document.createElement("now-playing");
      const read = () => [card.userId, card.getAttribute("user-id"), card.theme, card.api, card.apiBase];
      const out: unknown[] = [read()];
      card.userId = "12345";
      card.theme = "dark";
      out.push(read());
      card.setAttribute("user-id", id);
      card.setAttribute("theme", "purple");
      card.api = "ftp://example.test";
      out.push(read());
      // Without a user id, so the page never connects to the made-up base.
      card.removeAttribute("user-id");
      card.removeAttribute("api");
      document.querySelector("section")!.append(card);
      out.push(read());
      document.body.append(status, playing);
      document.documentElement.setAttribute("api", "/relative/");
      status.compact = true;
      playing.hideIdle = true;
      playing.idleText = "Quiet";
      out.push([status.apiBase, status.getAttribute("compact"), playing.hideIdle, playing.getAttribute("idle-text")]);
      status.compact = false;
      out.push([status.hasAttribute("compact"), playing.idleText]);
      return out;
    }, SPOTIFY);
    const script = pages.stack.server.url;
    expect(seen).toEqual([
      ["", null, "auto", "", script],
      ["", "12345", "dark", "", script],
      [SPOTIFY, SPOTIFY, "auto", "", script],
      ["", null, "auto", "", "http://127.0.0.1:9/base"],
      [`${pages.site.url}/relative`, "", true, "Quiet"],
      [false, "Quiet"],
    ]);
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`follow prefers-color-scheme: ${scheme} unless theme says otherwise, with --presence-* and ::part`, async () => {
      const style =
        "<style>#custom{--presence-bg:rgb(1, 2, 3)}now-playing::part(idle){color:rgb(4, 5, 6)}</style>";
      const tags = ["", ' theme="light"', ' theme="dark"', ' id="custom"']
        .map((attr) => `<now-playing user-id="${PERSONAS.coder.id}"${attr}></now-playing>`)
        .join("");
      const page = await open(widgetPage(pages.stack.server.url, tags, style), scheme);
      await waitText(page, "now-playing [part~=idle]", "Not listening to anything");
      const colours = await page.$$eval("now-playing", (elements) =>
        elements.map((el) => {
          const root = el.shadowRoot!;
          return [
            getComputedStyle(root.querySelector("[part~=base]")!).backgroundColor,
            getComputedStyle(root.querySelector("[part~=idle]")!).color,
          ];
        }),
      );
      const [white, dark, idle] = ["rgb(255, 255, 255)", "rgb(30, 31, 34)", "rgb(4, 5, 6)"];
      const auto = scheme === "dark" ? dark : white;
      expect(colours).toEqual([[auto, idle], [white, idle], [dark, idle], ["rgb(1, 2, 3)", idle]]);
    });
  }

  it("survive two copies of the bundle and a second tag, with one EventSource", async () => {
    const api = pages.stack.server.url;
    const body = `<presence-card user-id="${SPOTIFY}"></presence-card>` +
      `<script type="module" src="${api}/widgets.js?copy=2"></script>`;
    const page = await open(widgetPage(api, body));
    await waitText(page, "presence-card [part~=name]", "Mira");
    // A string, so vitest does not rewrite the page's dynamic import into its own loader.
    const defined = await page.evaluate(`(async () => {
      const First = customElements.get("presence-card");
      First.define("my-card");
      First.define("my-card");
      const copy = await import("${api}/widgets.js?copy=3");
      copy.PresenceCard.define();
      copy.NowPlaying.define("now-playing");
      const mine = Object.assign(document.createElement("my-card"), { userId: "${SPOTIFY}" });
      document.body.append(mine);
      return [mine instanceof First, copy.PresenceCard === First, customElements.get("my-card") !== First];
    })()`);
    // The second tag gets a subclass (a class registers once), sharing the first copy's stream.
    expect(defined).toEqual([true, false, true]);
    await waitText(page, "my-card [part~=name]", "Mira");
    const sources = await page.evaluate(() => (window as any).__eventSources as string[]);
    expect(sources).toEqual([`${api}/v1/events?ids=${SPOTIFY}`]);
  });

  it("keep the light-DOM fallback until the user's data arrives", async () => {
    const newcomer = "1100000000000000001";
    const body = `<presence-status user-id="${SPOTIFY}"></presence-status>` +
      `<presence-card user-id="${newcomer}"><p id="fallback">Loading…</p></presence-card>` +
      `<presence-card user-id="not-an-id"><p id="invalid">Unknown</p></presence-card>`;
    const page = await open(widgetPage(pages.stack.server.url, body));
    // The stream's `init` reached the page: the newcomer is not monitored yet, so no data.
    await waitText(page, "presence-status [part~=label]", "Online");
    expect(await page.locator("#fallback").isVisible()).toBe(true);
    expect(await page.locator(`presence-card[user-id="${newcomer}"] [part~=base]`).isHidden()).toBe(true);
    const sources = await page.evaluate(() => (window as any).__eventSources as string[]);
    expect(sources).toEqual([`${pages.stack.server.url}/v1/events?ids=${newcomer},${SPOTIFY}`]);
    pages.stack.sim.addMember(
      { id: newcomer, username: "newbie", global_name: "Newbie", discriminator: "0", avatar: null },
      { presence: { status: "online", activities: [] } },
    );
    await waitText(page, `presence-card[user-id="${newcomer}"] [part~=name]`, "Newbie");
    expect(await page.locator("#fallback").isHidden()).toBe(true);
    expect(await page.locator("#invalid").isVisible()).toBe(true);
    // Another user (here: no valid one) is not shown with the previous user's data.
    await page.locator(`presence-card[user-id="${newcomer}"]`).evaluate((el) => el.setAttribute("user-id", "x"));
    await page.locator("#fallback").waitFor({ state: "visible" });
  });
});
