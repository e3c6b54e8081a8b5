/**
 * Rendered cards kept in memory by (user, presence version, format, options), so a README viewed
 * often re-renders only when the presence changes. Cards that draw a clock (progress bar, elapsed
 * time) are also keyed by the current second, which is the resolution they display.
 * @see README.md#cards
 */

import { createKeyMemo } from "../limits/key-memo.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import type { CardOptions } from "./options.ts";
import type { RenderedCard } from "./render.ts";

/** A small LRU of rendered cards with a TTL (recency kept to half the capacity; see below). */
export interface RenderCache {
  get(key: string): RenderedCard | undefined;
  /** Whether `get(key)` would hit, without counting or reordering (the fast path asks first). */
  has(key: string): boolean;
  set(key: string, card: RenderedCard): void;
  readonly size: number;
}

/**
 * Creates the cache. The TTL bounds how long a card drawn with a placeholder (an image fetch that
 * failed) is served after the image is back; a card with every image it asked for does not
 * expire (its key changes with the presence version, and the least recently used go first), so
 * a README card is not drawn again every minute for nothing.
 * @example
 * const cache = createRenderCache({ maxEntries: 500, ttlMs: 60_000 });
 */
export function createRenderCache({ maxEntries = 500, ttlMs = 60_000, clock = Date.now } = {}): RenderCache {
  // Map order is recency order. A hit moves its entry to the end only when it has fallen into
  // the older half (more than half the capacity stored since it was last moved): a card viewed
  // often is then still never evicted, and a hit on a recent one costs a lookup, not a delete and
  // a re-insert (the same README card is asked thousands of times a second under load).
  const entries = new Map<string, { at: number; card: RenderedCard; stored: number }>();
  const half = Math.ceil(maxEntries / 2);
  let stores = 0;
  // Only a card drawn with a placeholder expires.
  const expired = (hit: { at: number; card: RenderedCard }) => hit.card.placeholder === true && clock() - hit.at >= ttlMs;
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (expired(hit)) {
        entries.delete(key);
        return undefined;
      }
      if (stores - hit.stored >= half) {
        entries.delete(key);
        entries.set(key, hit);
        hit.stored = ++stores;
      }
      return hit.card;
    },
    has(key) {
      const hit = entries.get(key);
      return hit !== undefined && !expired(hit);
    },
    set(key, card) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { at: clock(), card, stored: ++stores });
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The cache key of one card.
 * @example
 * renderCacheKey(id, snapshot.version, "svg", options, presence, Date.now());
 */
export function renderCacheKey(
  id: string,
  version: number,
  format: "svg" | "png",
  options: CardOptions,
  presence: CanonicalPresence,
  now: number,
): string {
  const second = drawsClock(presence) ? Math.floor(now / 1000) : "";
  return `${id}|${version}|${format}|${second}|${_optionsKey(options)}`;
}

/**
 * Whether the cards of `presence` draw a clock (an activity with a start or end time): their
 * {@link renderCacheKey} then changes every second; any other card's key depends on no clock.
 */
export function drawsClock(presence: CanonicalPresence): boolean {
  return presence.activities.some((a) => a.timestamps?.start != null || a.timestamps?.end != null);
}

// --- internal ---

const _optionKeys = new WeakMap<CardOptions, string>();

// Options come from one parser with a fixed key order, so their JSON identifies them; each JSON
// gets a short number, so the cache key hashed on every request is tens of characters, not
// hundreds. Numbers are never reused: options dropped from the table (bounded in entries and in
// bytes: a client writes the query they come from) get a new number, which costs re-renders,
// never a wrong card.
const _optionIds = createKeyMemo<number>({ maxEntries: 4096, maxKeyBytes: 1 << 20 });
let _nextOptionId = 0;

function _optionsKey(options: CardOptions): string {
  let key = _optionKeys.get(options);
  if (key === undefined) {
    const json = JSON.stringify(options);
    let id = _optionIds.get(json);
    if (id === undefined) _optionIds.set(json, (id = _nextOptionId++));
    key = String(id);
    _optionKeys.set(options, key);
  }
  return key;
}
