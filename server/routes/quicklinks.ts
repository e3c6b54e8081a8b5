import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { createAvatarCache } from "../quicklinks/cache.ts";
import { NOT_FOUND } from "../errors.ts";
import { createQuicklinks, isQuicklinkPath } from "../quicklinks/quicklinks.ts";
import { sendAnswer } from "../serve/answer.ts";

/**
 * Lanyard's quicklinks: `GET /:id.png|gif|webp|jpg|jpeg` proxies the avatar from the configured
 * CDN through a checked, cached fetch (`deps.quicklinks`, or one built from the config). Any other
 * GET falls through to 404 `not_found`. Registered as the last GET route (a catch-all).
 * @see README.md#quicklinks
 */
export function quicklinkRoutes(app: H3, deps: AppDeps): void {
  const { config, hub } = deps;
  const quicklinks =
    deps.quicklinks ??
    createQuicklinks({ hub, cdnUrl: config.discordCdnUrl, cache: createAvatarCache(config.quicklinkCache) });
  app.get("/**", async function _quicklink(event) {
    // Every unknown GET path lands here: answered, not thrown, so a 404 costs what a 200 does.
    if (!isQuicklinkPath(event.url.pathname)) return sendAnswer(event, NOT_FOUND);
    const answer = await quicklinks.answer(event.url.pathname, event.req.headers.get("if-none-match"));
    // Added to the CORS and rate-limit headers the middleware already set; h3 sends the bytes
    // without building a second Response.
    for (const name in answer.headers) event.res.headers.set(name, answer.headers[name]!);
    event.res.status = answer.status;
    return answer.body ?? "";
  });
}
