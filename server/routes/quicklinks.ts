import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { createAvatarCache } from "../quicklinks/cache.ts";
import { createQuicklinks } from "../quicklinks/quicklinks.ts";

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
    const answer = await quicklinks.answer(event.url.pathname, event.req.headers.get("if-none-match"));
    // CORS and rate-limit headers the middleware already set stay.
    const headers = new Headers(event.res.headers);
    for (const [name, value] of Object.entries(answer.headers)) headers.set(name, value);
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers });
  });
}
