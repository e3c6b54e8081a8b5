/**
 * Lanyard's quicklinks (`/<id>.png|gif|webp|jpg|jpeg`) as a plain service the h3 route and a
 * fast path ahead of h3 can both call: path → user → CDN URL → a checked, cached answer.
 * @see README.md#quicklinks
 */

import { ErrorCode, apiError } from "../errors.ts";
import type { Hub } from "../presence/hub.ts";
import { perVersion } from "../presence/per-version.ts";
import type { CanonicalUser } from "../presence/types.ts";
import { defaultAvatarIndex, isAvatarHash, isSnowflake } from "../presence/user.ts";
import { cacheControlMaxAge, createAvatarCache, type AvatarCache, type CachedAvatar } from "./cache.ts";
import { fetchAvatarOffThread } from "../outbound/client.ts";
import { etagMatches } from "../serve/etag.ts";
import { UpstreamError } from "./upstream.ts";

/** A quicklink answer, ready to write: `body` is `null` for a 304. */
export interface QuicklinkAnswer {
  status: 200 | 304;
  /** Shared by every request for the same cached avatar: read only. */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array | null;
}

/** See {@link createQuicklinks}. */
export interface Quicklinks {
  /**
   * The answer from the cache alone, synchronously, when `pathname` is a quicklink of a
   * monitored user whose avatar is cached and fresh; `undefined` otherwise (then call
   * {@link Quicklinks.answer}). For a fast path that must not wait.
   */
  peek(pathname: string, ifNoneMatch?: string | null): QuicklinkAnswer | undefined;
  /**
   * The answer for `pathname`: from the cache, after a conditional request when stale, or
   * fetched. Throws the route's `HTTPError`s: 404 `not_found` / `user_not_monitored`, 502
   * `upstream_error`.
   */
  answer(pathname: string, ifNoneMatch?: string | null): Promise<QuicklinkAnswer>;
  /** The avatar cache (sizes for metrics and tests). */
  readonly cache: AvatarCache;
}

/** Options of {@link createQuicklinks}. */
export interface QuicklinksOptions {
  hub: Hub;
  /** The CDN base from the configuration (never from a request). */
  cdnUrl: string;
  /** @default a new {@link createAvatarCache} with its defaults */
  cache?: AvatarCache;
}

/** `max-age` clients get when the CDN sends none, and the most they get whatever it sends. */
export const QUICKLINK_CLIENT_MAX_AGE = 300;

/**
 * Creates the quicklinks service. Concurrent misses for one avatar share one CDN fetch.
 * @example
 * const quicklinks = createQuicklinks({ hub, cdnUrl: config.discordCdnUrl });
 * const { status, headers, body } = await quicklinks.answer("/94490510688792576.png");
 */
export function createQuicklinks(options: QuicklinksOptions): Quicklinks {
  const { hub, cdnUrl, cache = createAvatarCache() } = options;
  const inflight = new Map<string, Promise<CachedAvatar>>();

  // The CDN URL per monitored user and extension, rebuilt when the user's version changes, so a
  // cached quicklink does not build the user's presence on every request.
  const upstreams = perVersion(hub, (): Record<string, string> => ({}));

  function _upstreamOf(pathname: string): string {
    const file = _file(pathname);
    if (!file) throw apiError(404, ErrorCode.notFound, "Route does not exist");
    const urls = upstreams(file.id);
    if (!urls || !_EXT.test(`.${file.ext}`)) {
      throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    }
    return (urls[file.ext] ??= quicklinkUpstream(hub.get(file.id)!.presence.user, file.ext, cdnUrl));
  }

  async function _load(url: string): Promise<CachedAvatar> {
    const cached = cache.get(url);
    if (cached && cache.isFresh(cached)) return cached;
    // `fetchAvatar` in the outbound worker, off the thread that answers requests.
    const answer = await fetchAvatarOffThread(url, cached);
    if (answer.status === 304) {
      cache.refresh(url, answer.cacheControl);
      return cached!;
    }
    const { status: _, ...avatar } = answer;
    cache.store(url, avatar);
    return { ...avatar, freshUntil: 0 };
  }

  return {
    cache,
    peek(pathname, ifNoneMatch) {
      let url: string;
      try {
        url = _upstreamOf(pathname);
      } catch {
        return undefined;
      }
      const cached = cache.get(url);
      return cached && cache.isFresh(cached) ? _toAnswer(cached, ifNoneMatch) : undefined;
    },
    async answer(pathname, ifNoneMatch) {
      const url = _upstreamOf(pathname);
      let pending = inflight.get(url);
      if (!pending) {
        pending = _load(url).finally(() => inflight.delete(url));
        inflight.set(url, pending);
      }
      try {
        return _toAnswer(await pending, ifNoneMatch);
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        throw apiError(502, ErrorCode.upstreamError, "Failed to fetch avatar from Discord CDN");
      }
    },
  };
}

/** Whether `pathname` has a quicklink's form (`/<id>.png|gif|webp|jpg|jpeg`); anything else is no route. */
export function isQuicklinkPath(pathname: string): boolean {
  return _EXT.test(pathname);
}

/**
 * The CDN URL a quicklink fetches, following Lanyard: the avatar at `size=1024` (`.gif` of a
 * non-animated avatar becomes `.jpg`), or the default avatar PNG when the user has none. Pure:
 * only `cdnUrl` (from the config, never the request) chooses the host, and only an avatar hash
 * of Discord's form (`(a_)?[0-9a-f]{32}`) of a snowflake user reaches the path; anything else is
 * served as the default avatar.
 * @example
 * quicklinkUpstream(user, "gif", "https://cdn.discordapp.com");
 * // "https://cdn.discordapp.com/avatars/<id>/<hash>.jpg?size=1024"
 */
export function quicklinkUpstream(user: CanonicalUser, ext: string, cdnUrl: string): string {
  if (!isAvatarHash(user.avatar) || !isSnowflake(user.id)) {
    return `${cdnUrl}/embed/avatars/${defaultAvatarIndex(user.id, user.discriminator)}.png`;
  }
  const actual = ext === "gif" && !user.avatar.startsWith("a_") ? "jpg" : ext;
  return `${cdnUrl}/avatars/${user.id}/${user.avatar}.${actual}?size=1024`;
}

// --- internal ---

/** Extensions Lanyard's quicklinks answer, case-sensitive like the reference. */
const _EXT = /\.(png|gif|webp|jpg|jpeg)$/;

/** `<id>.<ext>` from the path's first segment, or `null` when it is not a quicklink path. */
function _file(pathname: string): { id: string; ext: string } | null {
  if (!_EXT.test(pathname)) return null;
  const segment = pathname.split("/")[1] ?? "";
  const parts = (segment.includes("%") ? _decode(segment) : segment).split(".");
  if (parts.length !== 2) return null;
  return { id: parts[0]!, ext: parts[1]! };
}

/** A malformed escape is just a name that matches no user. */
function _decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

// Both answers of a cached avatar, built once per avatar (and its Cache-Control) and shared by
// every request for it: callers must not change them.
const _answers = new WeakMap<CachedAvatar, { cacheControl: string | null; ok: QuicklinkAnswer; notModified: QuicklinkAnswer }>();

function _toAnswer(avatar: CachedAvatar, ifNoneMatch: string | null | undefined): QuicklinkAnswer {
  let memo = _answers.get(avatar);
  if (memo?.cacheControl !== avatar.cacheControl) {
    const headers = _headers(avatar);
    memo = { cacheControl: avatar.cacheControl, ok: { status: 200, headers, body: avatar.body }, notModified: { status: 304, headers, body: null } };
    _answers.set(avatar, memo);
  }
  return avatar.etag && ifNoneMatch && etagMatches(ifNoneMatch, avatar.etag) ? memo.notModified : memo.ok;
}

function _headers(avatar: CachedAvatar): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": avatar.contentType,
    "cache-control": _clientCacheControl(avatar.cacheControl),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'",
  };
  if (avatar.etag) headers.etag = avatar.etag;
  if (avatar.lastModified) headers["last-modified"] = avatar.lastModified;
  return headers;
}

/**
 * `/<id>.png` keeps its URL when the user changes avatar, so clients get at most
 * {@link QUICKLINK_CLIENT_MAX_AGE} even when the CDN calls its (hash-named) file immutable.
 */
function _clientCacheControl(cacheControl: string | null): string {
  if (cacheControl && /no-store|private/i.test(cacheControl)) return "no-store";
  const seconds = Math.min(QUICKLINK_CLIENT_MAX_AGE, cacheControl ? cacheControlMaxAge(cacheControl) : Infinity);
  return `public, max-age=${seconds}`;
}
