/**
 * Static answers compressed once: identity, gzip and brotli bytes with a strong ETag each, chosen
 * per request by `Accept-Encoding`, with `If-None-Match` answered 304. Used for `/openapi.json`,
 * `/docs` and the files of `public/` (`/widgets.js`), whatever their content.
 * @see README.md#benchmarks
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createKeyMemo } from "../limits/key-memo.ts";
import { conditional, type Answer, type HeaderPair } from "./answer.ts";

/** One body in every encoding worth sending; see {@link precompress}. */
export interface Precompressed {
  /** Representations by coding (`identity` always; `gzip`/`br` when they save bytes). */
  readonly variants: ReadonlyMap<"br" | "gzip" | "identity", Answer>;
  /** ETag of the identity representation. */
  readonly etag: string;
}

/** Compressed bytes of one body, by coding. */
export interface Encodings {
  gzip?: Buffer;
  br?: Buffer;
}

/** Headers every representation carries besides type, ETag and coding. */
export interface PrecompressOptions {
  contentType: string;
  /** `Cache-Control`, when the answer has one. */
  cacheControl?: string;
  /** Adds `x-content-type-options: nosniff`. @default false */
  nosniff?: boolean;
  /** `Content-Security-Policy`, when the answer has one (the `/docs` page). */
  csp?: string;
}

/**
 * Compresses `body` now (gzip level 9, brotli quality 11: paid once per content, not per
 * request). Encodings that do not make the body smaller are left out.
 * @example
 * const docs = precompress(Buffer.from(html), { contentType: "text/html; charset=utf-8" });
 * sendAnswer(event, negotiate(docs, req.headers["accept-encoding"], req.headers["if-none-match"]));
 */
export function precompress(body: Buffer, options: PrecompressOptions): Precompressed {
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return represent(body, { br, gzip: gzipSync(body, { level: 9 }) }, options);
}

/**
 * {@link precompress} with the compressed bytes given (a card gzips its SVG once, when first
 * asked); an encoding that is not smaller than `body` is left out.
 */
export function represent(body: Buffer, encodings: Encodings, options: PrecompressOptions): Precompressed {
  const hash = createHash("sha1").update(body).digest("base64url");
  const variants = new Map<"br" | "gzip" | "identity", Answer>();
  const { br, gzip } = encodings;
  if (br && br.length < body.length) variants.set("br", _variant(br, `"${hash}-br"`, "br", options));
  if (gzip && gzip.length < body.length) variants.set("gzip", _variant(gzip, `"${hash}-gz"`, "gzip", options));
  variants.set("identity", _variant(body, `"${hash}"`, undefined, options, variants.size > 0));
  return { variants, etag: `"${hash}"` };
}

/** {@link precompress} without compressing (for images and fonts, compressed already). */
export function identityOnly(body: Buffer, options: PrecompressOptions): Precompressed {
  const hash = createHash("sha1").update(body).digest("base64url");
  return { variants: new Map([["identity", _variant(body, `"${hash}"`, undefined, options, false)]]), etag: `"${hash}"` };
}

/**
 * The representation a request gets: brotli, else gzip, else identity, as `Accept-Encoding`
 * allows (a coding with `q=0` is refused); 304 without a body when `If-None-Match` names its ETag.
 */
export function negotiate(p: Precompressed, acceptEncoding: string | null | undefined, ifNoneMatch: string | null | undefined): Answer {
  const header = acceptEncoding ?? "";
  let accepted = _parsed.get(header);
  if (accepted === undefined) _parsed.set(header, (accepted = _accepted(header)));
  const answer =
    (accepted & _BR && p.variants.get("br")) ||
    (accepted & _GZIP && p.variants.get("gzip")) ||
    p.variants.get("identity")!;
  return conditional(answer, ifNoneMatch);
}

/** @internal For tests: how many `Accept-Encoding` values, and key bytes, {@link negotiate} keeps parsed. */
export const acceptEncodingsKept = (): { size: number; bytes: number } => ({ size: _parsed.size, bytes: _parsed.bytes });

// --- internal ---

// Browsers send a handful of `Accept-Encoding` values all day; a client chooses them, so bounded.
const _BR = 1;
const _GZIP = 2;
const _parsed = createKeyMemo<number>({ maxEntries: 256, maxKeyBytes: 64 * 1024 });

function _variant(body: Buffer, etag: string, coding: string | undefined, o: PrecompressOptions, varies = true): Answer {
  const headers: HeaderPair[] = [["content-type", o.contentType]];
  if (o.cacheControl) headers.push(["cache-control", o.cacheControl]);
  headers.push(["etag", etag]);
  if (o.nosniff) headers.push(["x-content-type-options", "nosniff"]);
  if (o.csp) headers.push(["content-security-policy", o.csp]);
  // Caches must key on Accept-Encoding whenever another coding exists, identity included.
  if (varies) headers.push(["vary", "accept-encoding"]);
  if (coding) headers.push(["content-encoding", coding]);
  return { status: 200, headers, body };
}

/** The codings of an `Accept-Encoding` list we offer (`_BR`, `_GZIP`), without those refused with `q=0`. */
function _accepted(header: string): number {
  let codings = 0;
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) continue;
    if (coding === "br") codings |= _BR;
    else if (coding === "gzip") codings |= _GZIP;
  }
  return codings;
}
