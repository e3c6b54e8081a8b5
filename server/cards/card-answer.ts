/**
 * The HTTP answer of a rendered card, shared by h3's card route and the fast path: SVG gzipped
 * when the client takes it (by the one `Accept-Encoding` rule of the static answers), a strong
 * ETag per representation, 304 on `If-None-Match`.
 * @see README.md#cards
 */
import { gzipSync } from "node:zlib";
import type { Answer } from "../serve/answer.ts";
import type { HeaderReader } from "../serve/fast-path.ts";
import { identityOnly, negotiate, represent, type Precompressed } from "../serve/precompressed.ts";
import { CARD_CSP } from "./card-cache-control.ts";
import type { RenderedCard } from "./render.ts";

/**
 * The answer of a rendered card: SVG gzipped when the client takes it (glyph paths shrink about
 * 3×; a PNG is compressed already), a strong ETag per representation, 304 on `If-None-Match`.
 */
export function cardAnswer(card: RenderedCard, cacheControl: string, headers: HeaderReader): Answer {
  const byControl = ((card as _Answered)[kAnswers] ??= new Map());
  let represented = byControl.get(cacheControl);
  if (!represented) byControl.set(cacheControl, (represented = _represent(card, cacheControl)));
  return negotiate(represented, headers.get("accept-encoding"), headers.get("if-none-match"));
}

// --- internal ---

// Rendered cards are reused from the render cache, so their answers (ETag, gzip) are built once
// per card and cache lifetime, and kept on it, per `Cache-Control` value. Not brotli: quality 10
// takes 17–25 ms per card (gzip under 2 ms) for 20 % fewer bytes, and a card with a clock is
// drawn again every second; and a PNG card packed to 5.6 KB answered at the rate of its 9.3 KB
// original (loaded at once, both orders), so fewer bytes would not buy speed here.
const kAnswers = Symbol("presence-kit.card-answers");

type _Answered = RenderedCard & { [kAnswers]?: Map<string, Precompressed> };

function _represent(card: RenderedCard, cacheControl: string): Precompressed {
  const options = { contentType: card.contentType, cacheControl, nosniff: true, csp: CARD_CSP };
  return card.contentType === "image/png" ? identityOnly(card.body, options) : represent(card.body, { gzip: gzipSync(card.body) }, options);
}
