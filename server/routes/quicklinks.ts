import type { H3, H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { ErrorCode, NOT_FOUND, apiError } from "../errors.ts";
import { sendAnswer } from "../serve/answer.ts";
import type { CanonicalUser } from "../presence/types.ts";
import { defaultAvatarIndex } from "../presence/user.ts";

/** Longest wait for the CDN, in ms. */
export const QUICKLINK_TIMEOUT_MS = 5000;

/** Largest avatar proxied, in bytes (Discord's 1024 px avatars are far below). */
export const QUICKLINK_MAX_BYTES = 8 * 1024 * 1024;

/** Extensions Lanyard's quicklinks answer, case-sensitive like the reference. */
const _EXT = /\.(png|gif|webp|jpg|jpeg)$/;

/**
 * The CDN URL a quicklink fetches, following Lanyard: the avatar at `size=1024` (`.gif` of a
 * non-animated avatar becomes `.jpg`), or the default avatar PNG when the user has none. Pure:
 * only `cdnUrl` (from the config, never the request) chooses the host.
 * @example
 * quicklinkUpstream(user, "gif", "https://cdn.discordapp.com");
 * // "https://cdn.discordapp.com/avatars/<id>/<hash>.jpg?size=1024"
 */
export function quicklinkUpstream(user: CanonicalUser, ext: string, cdnUrl: string): string {
  if (!user.avatar) {
    return `${cdnUrl}/embed/avatars/${defaultAvatarIndex(user.id, user.discriminator)}.png`;
  }
  const actual = ext === "gif" && !user.avatar.startsWith("a_") ? "jpg" : ext;
  return `${cdnUrl}/avatars/${user.id}/${user.avatar}.${actual}?size=1024`;
}

/**
 * Lanyard's quicklinks: `GET /:id.png|gif|webp|jpg|jpeg` proxies the avatar from the configured
 * CDN with its status and headers. Any other GET falls through to 404 `not_found`. Registered as
 * the last GET route (a catch-all).
 * @see README.md#quicklinks
 */
export function quicklinkRoutes(app: H3, { config, hub }: AppDeps): void {
  app.get("/**", async function _quicklink(event) {
    const path = event.url.pathname;
    // Every unknown GET path lands here: answered, not thrown, so a 404 costs what a 200 does.
    if (!_EXT.test(path)) return sendAnswer(event, NOT_FOUND);
    const parts = _decode(path.split("/")[1] ?? "").split(".");
    if (parts.length !== 2) throw apiError(404, ErrorCode.notFound, "Route does not exist");
    const [id, ext] = parts as [string, string];
    const snapshot = hub.get(id);
    if (!snapshot || !_EXT.test(`.${ext}`)) {
      throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    }
    return _proxy(event, quicklinkUpstream(snapshot.presence.user, ext, config.discordCdnUrl));
  });
}

// --- internal ---

/** A malformed escape is just a name that matches no user. */
function _decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

const _DROPPED = ["content-length", "content-encoding", "transfer-encoding", "connection"];

async function _proxy(event: H3Event, url: string): Promise<Response> {
  try {
    const upstream = await fetch(url, { signal: AbortSignal.timeout(QUICKLINK_TIMEOUT_MS) });
    const body = await _readCapped(upstream);
    const headers = new Headers(event.res.headers);
    upstream.headers.forEach((value, key) => {
      if (!_DROPPED.includes(key)) headers.set(key, value);
    });
    if (!headers.has("cache-control")) headers.set("cache-control", "public, max-age=300");
    return new Response(new Uint8Array(body), { status: upstream.status, headers });
  } catch {
    throw apiError(502, ErrorCode.upstreamError, "Failed to fetch avatar from Discord CDN");
  }
}

async function _readCapped(res: Response): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > QUICKLINK_MAX_BYTES) throw new Error("too large");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
    size += r.value.byteLength;
    if (size > QUICKLINK_MAX_BYTES) {
      await reader!.cancel();
      throw new Error("too large");
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks);
}
