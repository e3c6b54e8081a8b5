/**
 * The quicklinks' avatar cache: a least-recently-used map bounded in entries and in bytes, whose
 * freshness follows the CDN's `Cache-Control` (capped, so it stays short-lived) and whose
 * validators (`ETag`, `Last-Modified`) let a stale entry be revalidated with a conditional request
 * instead of downloaded again.
 * @see README.md#quicklinks
 */

/** One cached upstream answer (always a checked `200 image/*`). */
export interface CachedAvatar {
  body: Uint8Array;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  /** The CDN's last `Cache-Control`, or `null`. */
  cacheControl: string | null;
  /** Until when (ms since the epoch) the entry is served without asking the CDN. */
  freshUntil: number;
}

/** Options of {@link createAvatarCache}. */
export interface AvatarCacheOptions {
  /** Most entries kept; 0 turns the cache off. @default 1000 */
  maxEntries?: number;
  /** Most body bytes kept over all entries. @default 33554432 (32 MiB) */
  maxBytes?: number;
  /** Longest freshness granted whatever the CDN says, in seconds. @default 300 */
  maxAgeSeconds?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/** See {@link createAvatarCache}. */
export interface AvatarCache {
  /** Entries and body bytes held now. */
  readonly size: number;
  readonly bytes: number;
  /** The entry for an upstream URL, fresh or stale; marks it recently used. */
  get(url: string): CachedAvatar | undefined;
  /**
   * Stores a `200` answer with the CDN's `Cache-Control`. Not stored (and any older entry
   * dropped): `no-store` or `private`, a body over a quarter of `maxBytes`, a cache turned off.
   */
  store(url: string, answer: Omit<CachedAvatar, "freshUntil">): void;
  /** Renews an entry's freshness after a `304 Not Modified`. */
  refresh(url: string, cacheControl: string | null): void;
  /** Whether an entry may be served without asking the CDN. */
  isFresh(entry: CachedAvatar): boolean;
}

/** Default entry bound of {@link createAvatarCache}. */
export const AVATAR_CACHE_ENTRIES = 1000;
/** Default byte bound of {@link createAvatarCache}. */
export const AVATAR_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Creates the cache; memory is at most `maxBytes` of bodies plus `maxEntries` small records.
 * @example
 * const cache = createAvatarCache({ maxEntries: 100, maxBytes: 4 << 20 });
 * cache.store(url, { body, contentType: "image/png", etag, lastModified: null, cacheControl: "max-age=60" });
 */
export function createAvatarCache(options: AvatarCacheOptions = {}): AvatarCache {
  const {
    maxEntries = AVATAR_CACHE_ENTRIES,
    maxBytes = AVATAR_CACHE_BYTES,
    maxAgeSeconds = 300,
    now = Date.now,
  } = options;
  // Map order is recency order: re-inserting on use moves an entry to the end.
  const entries = new Map<string, CachedAvatar>();
  let bytes = 0;

  function _delete(url: string) {
    const old = entries.get(url);
    if (!old) return;
    entries.delete(url);
    bytes -= old.body.byteLength;
  }

  function _freshUntil(cacheControl: string | null): number {
    const seconds = Math.min(maxAgeSeconds, cacheControlMaxAge(cacheControl));
    return now() + seconds * 1000;
  }

  return {
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    get(url) {
      const entry = entries.get(url);
      if (!entry) return undefined;
      entries.delete(url);
      entries.set(url, entry);
      return entry;
    },
    store(url, answer) {
      const { cacheControl } = answer;
      _delete(url);
      const size = answer.body.byteLength;
      // One huge avatar must not flush the whole cache.
      if (maxEntries === 0 || size > maxBytes / 4 || !_storable(cacheControl)) return;
      while (entries.size >= maxEntries || bytes + size > maxBytes) {
        _delete(entries.keys().next().value!);
      }
      entries.set(url, { ...answer, freshUntil: _freshUntil(cacheControl) });
      bytes += size;
    },
    refresh(url, fresh) {
      const entry = entries.get(url);
      if (!entry) return;
      // A 304 updates the headers it carries; one without Cache-Control keeps the old one.
      const cacheControl = fresh ?? entry.cacheControl;
      if (!_storable(cacheControl)) return _delete(url);
      entry.freshUntil = _freshUntil(cacheControl);
      entry.cacheControl = cacheControl;
    },
    isFresh(entry) {
      return now() < entry.freshUntil;
    },
  };
}

/**
 * Seconds of freshness a `Cache-Control` value grants a shared cache: `s-maxage`, else
 * `max-age`; 0 (revalidate every time) for `no-cache`, none or a malformed value.
 */
export function cacheControlMaxAge(cacheControl: string | null): number {
  const d = _directives(cacheControl);
  if (d.has("no-cache")) return 0;
  const raw = d.get("s-maxage") ?? d.get("max-age");
  return raw !== undefined && /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
}

// --- internal ---

function _directives(cacheControl: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!cacheControl) return out;
  // A CDN header is short; the cap keeps a hostile one from costing more than a glance.
  for (const part of cacheControl.slice(0, 1024).split(",")) {
    const [name, value = ""] = part.trim().toLowerCase().split("=", 2);
    if (name) out.set(name, value.replace(/^"|"$/g, ""));
  }
  return out;
}

function _storable(cacheControl: string | null): boolean {
  const d = _directives(cacheControl);
  return !d.has("no-store") && !d.has("private");
}
