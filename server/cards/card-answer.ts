/**
 * The HTTP answer of a rendered card, shared by h3's card route and the fast path: SVG gzipped
 * when the client takes it, a strong ETag per representation, 304 on `If-None-Match`.
 * @see README.md#cards
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { conditional, type Answer, type HeaderPair } from "../serve/answer.ts";
import type { HeaderReader } from "../serve/fast-path.ts";
import { CARD_CSP } from "./card-cache-control.ts";
import type { RenderedCard } from "./render.ts";

/**
 * The answer of a rendered card: SVG gzipped when the client takes it (glyph paths shrink about
 * 3×; a PNG is compressed already), a strong ETag per representation, 304 on `If-None-Match`.
 */
export function cardAnswer(card: RenderedCard, cacheControl: string, headers: HeaderReader): Answer {
  const gzip = card.contentType !== "image/png" && /\bgzip\b/i.test(headers.get("accept-encoding") ?? "");
  const byControl = ((card as _Answered)[kAnswers] ??= new Map() as _ByControl);
  let pair = byControl.get(cacheControl);
  if (!pair) byControl.set(cacheControl, (pair = []));
  return conditional((pair[gzip ? 1 : 0] ??= _cardAnswer(card, cacheControl, gzip)), headers.get("if-none-match"));
}

// --- internal ---

// Rendered cards are reused from the render cache, so their answers (ETag, gzip) are built once
// per card and cache lifetime, and kept on it: per `Cache-Control` value, the plain answer and
// the gzipped one.
const kAnswers = Symbol("presence-kit.card-answers");

type _ByControl = Map<string, [plain?: Answer, gzip?: Answer]>;
type _Answered = RenderedCard & { [kAnswers]?: _ByControl };

function _cardAnswer(card: RenderedCard, cacheControl: string, gzip: boolean): Answer {
  let etag = `"${createHash("sha1").update(card.body).digest("base64url")}"`;
  const headers: HeaderPair[] = [];
  if (card.contentType !== "image/png") headers.push(["vary", "accept-encoding"]);
  if (gzip) {
    headers.push(["content-encoding", "gzip"]);
    etag = etag.replace(/"$/, '-gz"'); // another representation, another strong ETag
  }
  headers.push(
    ["content-type", card.contentType],
    ["cache-control", cacheControl],
    ["etag", etag],
    ["x-content-type-options", "nosniff"],
    ["content-security-policy", CARD_CSP],
  );
  return { status: 200, headers, body: gzip ? gzipSync(card.body) : card.body };
}
