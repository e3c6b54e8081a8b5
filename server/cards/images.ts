/**
 * Server-side image fetching for cards: only from allowlisted hosts, embedded as data URIs, and
 * cached in unstorage with a TTL. An SVG shown through `<img>` (GitHub's camo) cannot load anything
 * itself, and satori's own fetcher has no timeout and caches failures, so we fetch.
 * @see README.md#cards
 */

import { createHash } from "node:crypto";
import { createStorage, type Storage } from "unstorage";
import { loadImageOffThread } from "../outbound/client.ts";
import type { ImageLoader } from "./image-load.ts";

/** Longest wait for one image, in ms (camo gives the whole card a few seconds). */
export const IMAGE_TIMEOUT_MS = 1500;

/** Largest image embedded, in bytes. */
export const IMAGE_MAX_BYTES = 1024 * 1024;

/** How long a fetched image is reused, in ms. */
export const IMAGE_TTL_MS = 10 * 60 * 1000;

/** How long a failure (placeholder) is reused, in ms: short, so a CDN hiccup heals soon. */
export const IMAGE_FAILURE_TTL_MS = 60 * 1000;

/** Most images kept in storage: entries live in this many slots, a new URL replaces a slot's. */
export const IMAGE_CACHE_SLOTS = 1024;

/**
 * Hosts that are on the public internet by definition: a DNS answer pointing them at a private
 * address (rebinding, a poisoned resolver) is refused. Every other allowed host was configured
 * explicitly by the operator (`DISCORD_CDN_URL`, `SPOTIFY_IMAGE_URL`, `CARD_IMAGE_HOSTS`), so it
 * may resolve anywhere — the demo's simulator on 127.0.0.1 included.
 */
export const PUBLIC_IMAGE_HOSTS = ["cdn.discordapp.com", "media.discordapp.net", "i.scdn.co"] as const;

/** Fetches card images from an allowlist of hosts. */
export interface ImageFetcher {
  /** The image as a data URI, or `null` (disallowed, failed, too big, unsupported type). */
  get(url: string | null | undefined): Promise<string | null>;
}

/** What is stored per image. */
export interface StoredImage {
  url: string;
  /** When it was fetched, ms since the epoch. */
  at: number;
  dataUri: string | null;
}

/** Options of {@link createImageFetcher}. */
export interface ImageFetcherOptions {
  /** Base URLs whose origins may be fetched (the configured Discord CDN and Spotify image host). */
  allow: string[];
  /** Extra hosts, `host` or `host:port`, over http or https (`CARD_IMAGE_HOSTS`). @default [] */
  hosts?: string[];
  /** Where images are cached (an `images:` view). @default an in-memory unstorage */
  storage?: Storage;
  /** @default IMAGE_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default IMAGE_MAX_BYTES */
  maxBytes?: number;
  /** @default IMAGE_TTL_MS */
  ttlMs?: number;
  /** @default IMAGE_FAILURE_TTL_MS */
  failureTtlMs?: number;
  /** @default IMAGE_CACHE_SLOTS */
  slots?: number;
  /** Hot images also kept decoded in memory, in front of storage. @default 64 */
  memoryEntries?: number;
  /** @default PUBLIC_IMAGE_HOSTS */
  publicHosts?: readonly string[];
  /** Injected for tests. @default loadImageOffThread (`loadImage` in the outbound worker) */
  load?: ImageLoader;
  /** @default Date.now */
  clock?: () => number;
}

/**
 * Creates a fetcher. Concurrent requests for one URL share one download; results (failures too)
 * go to storage with the time they were fetched, and the TTL is checked when read.
 * @example
 * const images = createImageFetcher({ allow: [config.discordCdnUrl], hosts: config.cardImageHosts, storage });
 * const avatar = await images.get(presence.user.avatar_url);
 */
export function createImageFetcher(options: ImageFetcherOptions): ImageFetcher {
  const {
    hosts = [],
    storage = createStorage(),
    timeoutMs = IMAGE_TIMEOUT_MS,
    maxBytes = IMAGE_MAX_BYTES,
    ttlMs = IMAGE_TTL_MS,
    failureTtlMs = IMAGE_FAILURE_TTL_MS,
    slots = IMAGE_CACHE_SLOTS,
    memoryEntries = 64,
    publicHosts = PUBLIC_IMAGE_HOSTS,
    load = loadImageOffThread,
    clock = Date.now,
  } = options;
  const allowed = { origins: new Set(options.allow.map((base) => new URL(base).origin)), hosts: new Set(hosts) };
  const mustBePublic = new Set(publicHosts);
  const hot = new Map<string, StoredImage>();
  const inflight = new Map<string, Promise<string | null>>();
  const fresh = (entry: StoredImage) => clock() - entry.at < (entry.dataUri ? ttlMs : failureTtlMs);
  const remember = (entry: StoredImage) => {
    hot.delete(entry.url);
    if (hot.size >= memoryEntries) hot.delete(hot.keys().next().value!);
    hot.set(entry.url, entry);
  };

  async function _fetch(url: string): Promise<string | null> {
    const key = _slotKey(url, slots);
    const stored = await _readStored(storage, key, url);
    if (stored && fresh(stored)) {
      remember(stored);
      return stored.dataUri;
    }
    const publicOnly = mustBePublic.has(new URL(url).hostname);
    const entry = { url, at: clock(), dataUri: await load(url, { timeoutMs, maxBytes, publicOnly }) };
    remember(entry);
    // A storage failure costs a refetch later, never the card.
    await storage.setItem(key, entry).catch(() => {});
    return entry.dataUri;
  }

  return {
    get(url) {
      if (!url || !isAllowedImageUrl(url, allowed)) return Promise.resolve(null);
      const hit = hot.get(url);
      if (hit && fresh(hit)) return Promise.resolve(hit.dataUri);
      let pending = inflight.get(url);
      if (!pending) {
        pending = _fetch(url).finally(() => inflight.delete(url));
        inflight.set(url, pending);
      }
      return pending;
    },
  };
}

/**
 * Whether `url` is http(s) without credentials, and its origin is one of `origins` or its host
 * (`name` or `name:port`, default ports omitted) one of `hosts`.
 * @example
 * isAllowedImageUrl("https://i.scdn.co/image/ab67", { origins: new Set(["https://i.scdn.co"]) }); // true
 */
export function isAllowedImageUrl(
  url: string,
  { origins, hosts = new Set() }: { origins: ReadonlySet<string>; hosts?: ReadonlySet<string> },
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  if (parsed.username || parsed.password) return false;
  return origins.has(parsed.origin) || hosts.has(parsed.host);
}

// --- internal ---

function _slotKey(url: string, slots: number): string {
  return `slot-${createHash("sha1").update(url).digest().readUInt32BE(0) % slots}`;
}

async function _readStored(storage: Storage, key: string, url: string): Promise<StoredImage | null> {
  try {
    const entry = await storage.getItem<StoredImage>(key);
    // Another URL in the same slot is a miss; the slot is overwritten after the fetch.
    return entry && entry.url === url && typeof entry.at === "number" ? entry : null;
  } catch {
    return null;
  }
}
