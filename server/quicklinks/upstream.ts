/**
 * One avatar fetch from the CDN that trusts nothing in the answer: redirects are not followed,
 * only a `200` raster `image/*` (or a `304` to a conditional request) is accepted, the body is
 * read up to a byte cap, and only an allowlist of headers is kept.
 * @see README.md#quicklinks
 */

/** Longest wait for the CDN, in ms. */
export const QUICKLINK_TIMEOUT_MS = 5000;

/** Largest avatar proxied, in bytes (Discord's 1024 px avatars are far below). */
export const QUICKLINK_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Content types passed on. SVG is an image too, but one that runs script when opened on our
 * origin, so only raster types are served.
 */
export const QUICKLINK_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"];

/** What the CDN answered, reduced to what may reach a client. */
export type UpstreamAnswer =
  | {
      status: 200;
      body: Uint8Array;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
      cacheControl: string | null;
    }
  | { status: 304; cacheControl: string | null };

/** Validators of a cached copy, sent as `If-None-Match` / `If-Modified-Since`. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** Why a fetch was refused; the route answers every one with 502 `upstream_error`. */
export class UpstreamError extends Error {
  override name = "UpstreamError";
}

/**
 * Fetches `url` once. Throws {@link UpstreamError} for a redirect, any status but 200 (or 304
 * when `validators` were sent), a content type outside {@link QUICKLINK_IMAGE_TYPES}, a body over
 * `maxBytes`, a timeout or a network error.
 * @example
 * const answer = await fetchAvatar("https://cdn.discordapp.com/embed/avatars/0.png");
 */
export async function fetchAvatar(
  url: string,
  validators?: Validators,
  { timeoutMs = QUICKLINK_TIMEOUT_MS, maxBytes = QUICKLINK_MAX_BYTES } = {},
): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { accept: QUICKLINK_IMAGE_TYPES.join(", ") };
  if (validators?.etag) headers["if-none-match"] = validators.etag;
  if (validators?.lastModified) headers["if-modified-since"] = validators.lastModified;
  let res: Response;
  try {
    // "manual": a 3xx comes back as itself, and is refused below; nothing is followed.
    res = await fetch(url, { redirect: "manual", headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new UpstreamError(`fetch failed: ${(error as Error).message}`);
  }
  const cacheControl = _header(res, "cache-control");
  if (res.status === 304 && validators) {
    await res.body?.cancel();
    return { status: 304, cacheControl };
  }
  const contentType = (_header(res, "content-type")?.split(";")[0] ?? "").trim().toLowerCase();
  if (res.status !== 200 || !QUICKLINK_IMAGE_TYPES.includes(contentType)) {
    await res.body?.cancel();
    throw new UpstreamError(`refused ${res.status} ${contentType || "(no content-type)"}`);
  }
  return {
    status: 200,
    body: await _readCapped(res, maxBytes),
    contentType,
    etag: _header(res, "etag"),
    lastModified: _header(res, "last-modified"),
    cacheControl,
  };
}

// --- internal ---

/** A header kept only when short and printable (it is copied to our answer and our cache). */
function _header(res: Response, name: string): string | null {
  const value = res.headers.get(name);
  return value !== null && value.length <= 256 && /^[\x20-\x7e]*$/.test(value) ? value : null;
}

async function _readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  if (Number(res.headers.get("content-length")) > maxBytes) {
    await res.body?.cancel();
    throw new UpstreamError("too large");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  // The fetch's timeout signal also aborts a body that stalls between chunks.
  for (let r = await _read(reader); !r.done; r = await _read(reader)) {
    size += r.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError("too large");
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks);
}

function _read(reader: ReadableStreamDefaultReader<Uint8Array>) {
  return reader.read().catch((error: Error) => {
    throw new UpstreamError(`read failed: ${error.message}`);
  });
}
