/**
 * Response headers of card answers: `Cache-Control` within the operator's bounds, and the
 * Content-Security-Policy that keeps an SVG opened on its own from loading or running anything.
 * @see README.md#cards
 */

import { CACHE_SECONDS } from "./options.ts";

/**
 * CSP of every card answer (lanyard-profile-readme's): no scripts, no fetches; embedded data-URI
 * images and the inline `<style>` of a moving progress bar only.
 */
export const CARD_CSP = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'";

/** The operator's bounds of `cache_seconds` (`CARD_CACHE_MIN_SECONDS`, `CARD_CACHE_MAX_SECONDS`). */
export interface CardCacheBounds {
  /** @default 0 */
  min: number;
  /** @default 86400 */
  max: number;
}

/**
 * The `Cache-Control` of a card asked for with `cache_seconds`, clamped to the operator's bounds:
 * `max-age` for browsers and camo, `s-maxage` for a CDN in front, and `stale-while-revalidate`
 * of the same length so a CDN answers at once while it fetches the next card. 0 → `no-cache`.
 * @example
 * cardCacheControl(30, { min: 60, max: 3600 }); // "public, max-age=60, s-maxage=60, stale-while-revalidate=60"
 */
export function cardCacheControl(requested: number, bounds: CardCacheBounds = CACHE_SECONDS): string {
  const seconds = Math.min(bounds.max, Math.max(bounds.min, requested));
  if (seconds <= 0) return "no-cache, max-age=0";
  return `public, max-age=${seconds}, s-maxage=${seconds}, stale-while-revalidate=${seconds}`;
}

/**
 * The `Cache-Control` of an error card: short and without stale directives whatever the bounds,
 * so a fixed URL or a user who becomes monitored shows up soon.
 */
export function errorCacheControl(seconds: number): string {
  return `public, max-age=${seconds}`;
}
