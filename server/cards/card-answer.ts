/**
 * The HTTP answer of a rendered card, shared by h3's card route and the fast path: an SVG in
 * brotli or gzip as the client takes it (compressed once per render), a strong ETag per
 * representation, 304 on `If-None-Match`.
 * @see README.md#cards
 */
import type { Answer } from "../serve/answer.ts";
import type { HeaderReader } from "../serve/fast-path.ts";
import { identityOnly, negotiate, represent, type Precompressed } from "../serve/precompressed.ts";
import { CARD_CSP } from "./card-cache-control.ts";
import type { RenderedCard } from "./render.ts";

/**
 * The answer of a rendered card: an SVG in the best coding the client takes of those rendered
 * with it (glyph paths shrink about 3×; a PNG is compressed already), a strong ETag per
 * representation, 304 on `If-None-Match`.
 */
export function cardAnswer(card: RenderedCard, cacheControl: string, headers: HeaderReader): Answer {
  const byControl = ((card as _Answered)[kAnswers] ??= new Map());
  let represented = byControl.get(cacheControl);
  if (!represented) byControl.set(cacheControl, (represented = _represent(card, cacheControl)));
  return negotiate(represented, headers.get("accept-encoding"), headers.get("if-none-match"));
}

// --- internal ---

// Rendered cards are reused from the render cache, so their answers (ETag, headers) are built
// once per card and cache lifetime, and kept on it, per `Cache-Control` value.
const kAnswers = Symbol("presence-kit.card-answers");

type _Answered = RenderedCard & { [kAnswers]?: Map<string, Precompressed> };

function _represent(card: RenderedCard, cacheControl: string): Precompressed {
  const options = { contentType: card.contentType, cacheControl, nosniff: true, csp: CARD_CSP };
  return card.encodings ? represent(card.body, card.encodings, options) : identityOnly(card.body, options);
}
