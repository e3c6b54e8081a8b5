/**
 * Server-side image fetching for cards: only from allowlisted origins, with a timeout and a size
 * cap, embedded as data URIs. An SVG shown through `<img>` (GitHub's camo) cannot load anything
 * itself, and satori's own fetcher has no timeout and caches failures, so we fetch.
 * @see README.md#cards
 */

/** Longest wait for one image, in ms (camo gives the whole card a few seconds). */
export const IMAGE_TIMEOUT_MS = 1500;

/** Largest image embedded, in bytes. */
export const IMAGE_MAX_BYTES = 1024 * 1024;

/** How long a fetched image (or a failure) is reused, in ms. */
export const IMAGE_TTL_MS = 10 * 60 * 1000;

/** Content types resvg can draw; WebP is left out because resvg-js 2.6 draws it blank. */
const _TYPES = ["image/png", "image/jpeg", "image/gif"];

const _MAX_ENTRIES = 500;

/** Fetches card images from an allowlist of origins. */
export interface ImageFetcher {
  /** The image as a data URI, or `null` (disallowed, failed, too big, unsupported type). */
  get(url: string | null | undefined): Promise<string | null>;
}

/** Options of {@link createImageFetcher}. */
export interface ImageFetcherOptions {
  /** Base URLs whose origins may be fetched, e.g. the configured Discord CDN and Spotify image host. */
  allow: string[];
  /** @default IMAGE_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default IMAGE_MAX_BYTES */
  maxBytes?: number;
  /** @default IMAGE_TTL_MS */
  ttlMs?: number;
  /** Injected for tests. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Creates a fetcher with an in-memory TTL cache (failures are cached too, briefly, so a dead CDN
 * is not hammered once per card view).
 * @example
 * const images = createImageFetcher({ allow: [config.discordCdnUrl, config.spotifyImageUrl] });
 * const avatar = await images.get(presence.user.avatar_url);
 */
export function createImageFetcher(options: ImageFetcherOptions): ImageFetcher {
  const {
    timeoutMs = IMAGE_TIMEOUT_MS,
    maxBytes = IMAGE_MAX_BYTES,
    ttlMs = IMAGE_TTL_MS,
    fetch: doFetch = globalThis.fetch,
  } = options;
  const origins = new Set(options.allow.map((base) => new URL(base).origin));
  const cache = new Map<string, { at: number; value: Promise<string | null> }>();
  return {
    get(url) {
      if (!url || !isAllowedImageUrl(url, origins)) return Promise.resolve(null);
      const hit = cache.get(url);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = _fetchDataUri(doFetch, url, timeoutMs, maxBytes);
      if (cache.size >= _MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(url, { at: Date.now(), value });
      return value;
    },
  };
}

/** Whether `url` is http(s), has no credentials, and its origin is one of `origins`. */
export function isAllowedImageUrl(url: string, origins: ReadonlySet<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  if (parsed.username || parsed.password) return false;
  return origins.has(parsed.origin);
}

// --- internal ---

async function _fetchDataUri(
  doFetch: typeof fetch,
  url: string,
  timeoutMs: number,
  maxBytes: number,
): Promise<string | null> {
  try {
    // No redirects: a redirect could leave the allowlist.
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!res.ok || !_TYPES.includes(type)) {
      await res.body?.cancel();
      return null;
    }
    const body = await _readCapped(res, maxBytes);
    return body ? `data:${type};base64,${body.toString("base64")}` : null;
  } catch {
    return null;
  }
}

async function _readCapped(res: Response, maxBytes: number): Promise<Buffer | null> {
  if (Number(res.headers.get("content-length")) > maxBytes) {
    await res.body?.cancel();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (!reader) return null;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks);
}
