/**
 * Static answers compressed once: identity, gzip and brotli bytes with a strong ETag each, chosen
 * per request by `Accept-Encoding`, with `If-None-Match` answered 304. Used for `/openapi.json`,
 * `/docs` and the files of `public/` (`/widgets.js`), whatever their content.
 * @see README.md#benchmarks
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { conditional, type Answer, type HeaderPair } from "./answer.ts";

/** One body in every encoding worth sending; see {@link precompress}. */
export interface Precompressed {
  /** Representations by coding (`identity` always; `gzip`/`br` when they save bytes). */
  readonly variants: ReadonlyMap<"br" | "gzip" | "identity", Answer>;
  /** ETag of the identity representation. */
  readonly etag: string;
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
  const hash = createHash("sha1").update(body).digest("base64url");
  const variants = new Map<"br" | "gzip" | "identity", Answer>();
  const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  const gzip = gzipSync(body, { level: 9 });
  if (br.length < body.length) variants.set("br", _variant(br, `"${hash}-br"`, "br", options));
  if (gzip.length < body.length) variants.set("gzip", _variant(gzip, `"${hash}-gz"`, "gzip", options));
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
  const accepted = _accepted(acceptEncoding ?? "");
  const answer =
    (accepted.has("br") && p.variants.get("br")) ||
    (accepted.has("gzip") && p.variants.get("gzip")) ||
    p.variants.get("identity")!;
  return conditional(answer, ifNoneMatch);
}

// --- internal ---

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

/** Codings of an `Accept-Encoding` list, without those refused with `q=0`. */
function _accepted(header: string): Set<string> {
  const codings = new Set<string>();
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((s) => s.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (coding && !(q && Number(q.slice(2)) === 0)) codings.add(coding);
  }
  return codings;
}
