// The fast path's lookup of an already rendered card (`cachedCard`): it keeps the last query per
// user and format, and must still find the card of the current second, the current presence
// version and the query asked.
import { describe, expect, it } from "vitest";
import { goldenPresence } from "../cards/golden/cases.ts";
import { parseCardOptions } from "../cards/options.ts";
import { createRenderCache, drawsClock, renderCacheKey } from "../cards/render-cache.ts";
import type { RenderedCard } from "../cards/render.ts";
import type { Hub, HubChange } from "../presence/hub.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { cachedCard } from "./cards.ts";

const ID = "293673602384003625";
const URLS = { cdnUrl: "https://cdn.example", spotifyImageUrl: "https://i.example" };
const NO_HEADERS = { get: () => undefined };
const T0 = 1_800_000_000_000;

describe("cachedCard", () => {
  it("a card that draws a clock is found under the current second's key only", () => {
    const { hub, version } = _hub(goldenPresence("spotify", URLS));
    expect(drawsClock(hub.get(ID)!.presence)).toBe(true);
    const cache = createRenderCache();
    let now = T0;
    const take = cachedCard(hub, cache, undefined, () => now);
    cache.set(_key(hub, "svg", "", now), _card("second 0"));
    expect(_body(take(ID, "svg", "", NO_HEADERS))).toBe("second 0");
    now += 1000;
    expect(take(ID, "svg", "", NO_HEADERS)).toBeUndefined();
    cache.set(_key(hub, "svg", "", now), _card("second 1"));
    expect(_body(take(ID, "svg", "", NO_HEADERS))).toBe("second 1");
    expect(version()).toBe(1);
  });

  it("queries asked in turn each find their own card, per format", () => {
    const { hub } = _hub(goldenPresence("moon", URLS));
    expect(drawsClock(hub.get(ID)!.presence)).toBe(false);
    const cache = createRenderCache();
    const take = cachedCard(hub, cache, undefined, () => T0);
    // The last is longer than the query kept, with an unknown parameter (ignored) for padding.
    const asked = [["svg", ""], ["svg", "?theme=nord"], ["png", ""], ["svg", `?hide_status=true&x=${"x".repeat(600)}`]] as const;
    asked.forEach(([format, search], i) => cache.set(_key(hub, format, search, T0), _card(`${format} ${i}`)));
    for (let round = 0; round < 3; round++) {
      asked.forEach(([format, search], i) => expect(_body(take(ID, format, search, NO_HEADERS))).toBe(`${format} ${i}`));
    }
    // A bad option is h3's to answer (an error card).
    expect(take(ID, "svg", "?theme=neon", NO_HEADERS)).toBeUndefined();
  });

  it("keeps the last query of up to 512 bytes per user and format: a longer one is looked up afresh each time", () => {
    const { hub } = _hub(goldenPresence("moon", URLS));
    const cache = createRenderCache();
    let keysBuilt = 0; // a key is built (and the clock read) only when the query is not kept
    const take = cachedCard(hub, cache, undefined, () => (keysBuilt++, T0));
    // Padded with an unknown parameter (ignored); "é" is two bytes in UTF-8.
    const kept = `?theme=nord&x=${"é".repeat(249)}`; // 512 bytes (263 characters)
    const long = `?hide_status=true&x=${"é".repeat(250)}`; // 520 bytes, though 270 characters
    for (const search of [kept, long]) cache.set(_key(hub, "svg", search, T0), _card(`svg ${search.length}`));
    for (const [search, builds] of [[kept, 1], [long, 3]] as const) {
      keysBuilt = 0;
      for (let i = 0; i < 3; i++) expect(_body(take(ID, "svg", search, NO_HEADERS))).toBe(`svg ${search.length}`);
      expect(keysBuilt).toBe(builds);
    }
  });

  it("a new presence version misses until its card is drawn", () => {
    const { hub, change } = _hub(goldenPresence("moon", URLS));
    const cache = createRenderCache();
    const take = cachedCard(hub, cache, undefined, () => T0);
    cache.set(_key(hub, "png", "", T0), _card("v1"));
    expect(_body(take(ID, "png", "", NO_HEADERS))).toBe("v1");
    change(goldenPresence("mobile", URLS));
    expect(take(ID, "png", "", NO_HEADERS)).toBeUndefined();
    cache.set(_key(hub, "png", "", T0), _card("v2"));
    expect(_body(take(ID, "png", "", NO_HEADERS))).toBe("v2");
  });
});

/** A hub of one user whose presence can change (a new version each time). */
function _hub(first: CanonicalPresence) {
  let presence = first;
  let version = 1;
  const listeners: Array<(change: HubChange) => void> = [];
  const hub = {
    get: (id: string) => (id === ID ? { version, presence } : undefined),
    version: (id: string) => (id === ID ? version : undefined),
    subscribe: (_scope: string, listener: (change: HubChange) => void) => void listeners.push(listener),
  } as unknown as Hub;
  const change = (next: CanonicalPresence) => {
    presence = next;
    version++;
    for (const listener of listeners) listener({ userId: ID, presence } as unknown as HubChange);
  };
  return { hub, change, version: () => version };
}

/** The render-cache key the card route gives this query now (options parsed afresh, as h3 does). */
function _key(hub: Hub, format: "svg" | "png", search: string, now: number): string {
  const { version, presence } = hub.get(ID)!;
  return renderCacheKey(ID, version, format, parseCardOptions(new URLSearchParams(search)), presence, now);
}

function _card(text: string): RenderedCard {
  return { body: Buffer.from(text), contentType: text.startsWith("png") ? "image/png" : "image/svg+xml; charset=utf-8" };
}

function _body(take: (() => { body: Uint8Array | undefined }) | undefined): string | undefined {
  const body = take?.().body;
  return body && Buffer.from(body).toString();
}
