import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { buildCard } from "../cards/build-card.ts";
import { cardAnswer } from "../cards/card-answer.ts";
import { cardCacheControl, errorCacheControl } from "../cards/card-cache-control.ts";
import { fromCompatQuery } from "../cards/compat.ts";
import { errorCard } from "../cards/error-card.ts";
import { createImageFetcher, type ImageFetcher } from "../cards/images.ts";
import { CardOptionError, ERROR_CACHE_SECONDS, parseCardOptions, WIDTH, type CardOptions } from "../cards/options.ts";
import { createRenderCache, drawsClock, renderCacheKey, type RenderCache } from "../cards/render-cache.ts";
import { renderCard, type RenderedCard } from "../cards/render.ts";
import { isSnowflake } from "../presence/user.ts";
import { storageView } from "../storage/index.ts";
import type { Hub, Snapshot } from "../presence/hub.ts";
import { createKeyMemo } from "../limits/key-memo.ts";
import { perVersion } from "../presence/per-version.ts";
import { sendAnswer, type Answer } from "../serve/answer.ts";
import type { HeaderReader } from "../serve/fast-path.ts";
import type { CardCacheBounds } from "../cards/card-cache-control.ts";

/** Largest card answered; GitHub's image proxy refuses more (its `CAMO_LENGTH_LIMIT`). */
export const CARD_MAX_BYTES = 5 * 1024 * 1024;

/** What {@link cardRoutes} can be given besides the app's deps (tests inject these). */
export interface CardRouteOptions {
  /**
   * @default a fetcher allowing the configured Discord CDN, Spotify image origin and
   * `cardImageHosts`, cached in the app's storage under `images:`
   */
  images?: ImageFetcher;
  /** Render time. @default Date.now */
  now?: () => number;
  /** @default an in-memory LRU of 500 cards, 60 s TTL */
  cache?: RenderCache;
}

/**
 * `GET /cards/:id.svg` and `GET /cards/:id.png`: profile and now-playing cards for READMEs, and
 * `GET /api/:id`, the same SVG cards at lanyard-profile-readme's URL with its option names.
 * Every answer is an image with HTTP 200, errors included (as an error card with a short cache),
 * because GitHub's image proxy turns any other status into a cached broken image.
 * @see README.md#cards
 * @see README.md#lanyard-profile-readme-urls
 */
export function cardRoutes(app: H3, { config, hub, storage }: AppDeps, options: CardRouteOptions = {}): void {
  const images =
    options.images ??
    createImageFetcher({
      allow: [config.discordCdnUrl, config.spotifyImageUrl],
      hosts: config.cardImageHosts,
      storage: storage ? storageView(storage, "images") : undefined,
    });
  const now = options.now ?? Date.now;
  const cache = options.cache ?? createRenderCache();
  const urls = { cdnUrl: config.discordCdnUrl, spotifyImageUrl: config.spotifyImageUrl };
  const rendering = new Map<string, Promise<RenderedCard>>();
  app.get("/cards/:file", function _card(event) {
    const file = getRouterParam(event, "file", { decode: true }) ?? "";
    const match = /^(.*)\.(svg|png)$/.exec(file);
    const format = match?.[2] === "png" ? "png" : "svg";
    const query = event.url.searchParams;
    if (!match) return _error(event, "Unknown card format", "Ask for /cards/<user id>.svg or .png", format, query);
    return _serve(event, match[1]!, format, event.url.search, query);
  });
  // lanyard-profile-readme's URL (`/api/<id>?theme=dark&hideStatus=true…`): the same cards, its
  // option names translated by the compat table, always SVG as there.
  app.get("/api/:id", function _compatCard(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    const query = fromCompatQuery(event.url.searchParams);
    return _serve(event, id, "svg", `compat:${event.url.search}`, query);
  });

  async function _serve(event: H3Event, id: string, format: "svg" | "png", search: string, query: URLSearchParams) {
    if (!isSnowflake(id)) {
      const message = `"${String(id).slice(0, 40)}" is not a Discord user id`;
      return _error(event, "Invalid user id", message, format, query);
    }
    let cardOptions;
    try {
      cardOptions = _parse(search, query);
    } catch (error) {
      if (!(error instanceof CardOptionError)) throw error;
      return _error(event, `Bad option: ${error.option}`, error.message, format, query);
    }
    const snapshot = hub.get(id);
    if (!snapshot) return _error(event, "Unknown user", `${id} is not monitored by this presence-kit`, format, query);
    const at = now();
    const key = renderCacheKey(id, snapshot.version, format, cardOptions, snapshot.presence, at);
    let card = cache.get(key);
    if (!card) {
      // Requests that miss together (a README opened by many, a progress card each second) share
      // one render instead of each drawing the same card.
      let pending = rendering.get(key);
      if (!pending) {
        pending = buildCard(snapshot.presence, cardOptions, format, { images, urls, now: at });
        rendering.set(key, pending);
        void pending.finally(() => rendering.delete(key)).catch(() => {});
      }
      card = await pending;
      if (card.body.length > CARD_MAX_BYTES) {
        const size = `${(card.body.length / 2 ** 20).toFixed(1)} MiB`;
        return _error(event, "Card too large", `${size}, over the 5 MiB GitHub's image proxy accepts`, format, query);
      }
      cache.set(key, card);
    }
    return _send(event, card, cardCacheControl(cardOptions.cacheSeconds, config.cardCacheSeconds));
  }
  // Deeper paths (`/cards/1.svg/x`) are still card URLs in a README: answer with a card too.
  app.get("/cards/**", function _cardPath(event) {
    const format = event.url.pathname.endsWith(".png") ? "png" : "svg";
    return _error(event, "Unknown card path", "Ask for /cards/<user id>.svg or .png", format, event.url.searchParams);
  });
}

/**
 * The answer of a card already in the render cache, to be taken, or `undefined` (a miss, an error
 * card, a bad option: h3's card route handles those). The fast path's thin call into the card route: the
 * same option parsing, cache key and answer; a hit counts once, a miss not at all.
 * @example
 * cachedCard(hub, cache, config.cardCacheSeconds)("94490510688792576", "svg", "?theme=nord", headers);
 */
export function cachedCard(hub: Hub, cache: RenderCache, bounds?: CardCacheBounds, now: () => number = Date.now) {
  // Per user version and format, the last query asked (the same README URL comes back all day):
  // its options, Cache-Control and, for a card that draws no clock, its render-cache key, so a
  // hit parses nothing and builds no key. One query per user and format, of bounded length.
  const versions = perVersion(hub, (id): _Version => {
    const snapshot = hub.get(id)!;
    return { snapshot, clock: drawsClock(snapshot.presence), svg: undefined, png: undefined };
  });
  return function _cachedCard(id: string, format: "svg" | "png", search: string, headers: HeaderReader): (() => Answer) | undefined {
    const entry = versions(id);
    if (!entry) return undefined;
    let last = entry[format];
    if (last?.search !== search) {
      let options: CardOptions;
      try {
        options = _parse(search);
      } catch {
        return undefined;
      }
      last = { search, options, control: cardCacheControl(options.cacheSeconds, bounds), key: undefined };
      if (Buffer.byteLength(search) <= _LAST_QUERY_MAX_BYTES) entry[format] = last;
    }
    const key = last.key ?? renderCacheKey(id, entry.snapshot.version, format, last.options, entry.snapshot.presence, now());
    if (!entry.clock) last.key = key;
    if (!cache.has(key)) {
      // Not drawn yet, or drawn by h3 from options parsed again since: asked afresh next time.
      if (entry[format] === last) entry[format] = undefined;
      return undefined;
    }
    const control = last.control;
    // Taken (and counted as a hit) only once the request is within its budget.
    return () => cardAnswer(cache.get(key)!, control, headers);
  };
}

// --- internal ---

interface _Query {
  search: string;
  options: CardOptions;
  control: string;
  key: string | undefined;
}

interface _Version {
  snapshot: Snapshot;
  /** Whether the cards draw a clock (their key changes every second). */
  clock: boolean;
  svg: _Query | undefined;
  png: _Query | undefined;
}

// Longest query kept as a user's last, in bytes (a README card URL's options are a few dozen).
const _LAST_QUERY_MAX_BYTES = 512;

async function _error(
  event: H3Event,
  title: string,
  message: string,
  format: "svg" | "png",
  query: URLSearchParams,
): Promise<Uint8Array | string> {
  // Width and scale are kept when valid so an error card does not reflow the README around it.
  const width = _intIn(query.get("width"), WIDTH.min, WIDTH.max) ?? WIDTH.default;
  const scale = _intIn(query.get("scale"), 1, 2) ?? 1;
  const label = { title: `Card error: ${title}`, desc: message };
  const card = await renderCard(errorCard(title, message), { width, format, scale, label });
  return _send(event, card, errorCacheControl(ERROR_CACHE_SECONDS));
}

// The same few README URLs come back all day: their parsed options are kept (and, being the same
// objects, keep the render-cache key they were given), bounded in entries and in query bytes.
const _parsed = createKeyMemo<CardOptions>({ maxEntries: 256, maxKeyBytes: 64 * 1024 });

function _parse(search: string, query?: URLSearchParams): CardOptions {
  let options = _parsed.get(search);
  if (!options) {
    options = parseCardOptions(query ?? new URLSearchParams(search));
    _parsed.set(search, options);
  }
  return options;
}

function _send(event: H3Event, card: RenderedCard, cacheControl: string): Uint8Array | string {
  // Bytes returned to h3 take srvx's direct write path; a `new Response` would be streamed.
  return sendAnswer(event, cardAnswer(card, cacheControl, event.req.headers));
}

function _intIn(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}
