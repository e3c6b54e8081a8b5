import type { H3 } from "h3";
import { ErrorCode, apiError } from "../errors.ts";
import { isSnowflake } from "../presence/user.ts";
import { assetRoute, DEFAULT_IMAGE_SIZE, renderImage } from "../simulator/assets.ts";
import type { SimMessage, Simulator } from "../simulator/index.ts";

/** Where demo mode serves the simulator's generated images on presence-kit's own origin. */
export const DEMO_IMAGE_PREFIX = "/_demo";

/** How long `POST /playground/demo-key` waits for the bot's answer to `.apikey`. */
export const DEMO_KEY_TIMEOUT_MS = 5000;

/**
 * The image bases of the demo's presences when presence-kit has a `PUBLIC_URL`: its own origin
 * (served by {@link demoRoutes}); `undefined` without one (the simulator's 127.0.0.1 URLs).
 * @example
 * demoImageUrls("https://demo.example"); // { cdnUrl: "https://demo.example/_demo/cdn", … }
 */
export function demoImageUrls(publicUrl: string | undefined): { cdnUrl: string; spotifyImageUrl: string } | undefined {
  if (!publicUrl) return undefined;
  const base = publicUrl.replace(/\/+$/, "") + DEMO_IMAGE_PREFIX;
  return { cdnUrl: `${base}/cdn`, spotifyImageUrl: `${base}/spotify/image` };
}

/**
 * Demo-mode routes, registered only when presence-kit runs its built-in simulator:
 * - `GET /_demo/cdn/…` and `/_demo/spotify/image/…`: the simulator's generated images, rendered
 *   here rather than proxied, so a browser on another machine loads them from this origin and no
 *   request ever reaches the simulator's own routes (only the image path shapes match; always PNG).
 * - `POST /playground/demo-key?user_id=<id>`: the user DMs the bot `.apikey` through the
 *   simulator (the real discord.js command flow) and the key from the bot's reply is returned.
 * @see README.md#demo-api-key
 */
export function demoRoutes(app: H3, simulator: Simulator): void {
  app.get(`${DEMO_IMAGE_PREFIX}/**`, function _demoImage(event) {
    const route = assetRoute(event.url.pathname.slice(DEMO_IMAGE_PREFIX.length));
    if (!route) throw apiError(404, ErrorCode.notFound, "Route does not exist");
    const size = Number(event.url.searchParams.get("size"));
    const edge = size > 0 ? Math.min(512, Math.max(16, Math.round(size))) : DEFAULT_IMAGE_SIZE;
    const png = renderImage(route.kind, route.seed, edge);
    return new Response(new Uint8Array(png), {
      headers: {
        "content-type": "image/png",
        "cache-control": "public, max-age=86400",
        "x-content-type-options": "nosniff",
      },
    });
  });

  app.post("/playground/demo-key", async function _demoKey(event) {
    const userId = event.url.searchParams.get("user_id") ?? "";
    if (!isSnowflake(userId)) {
      throw apiError(400, ErrorCode.invalidUserId, "Name the user with ?user_id=<snowflake>");
    }
    if (!simulator.member(userId) || userId === simulator.bot.id) {
      throw apiError(404, ErrorCode.userNotMonitored, "Not a member of the demo's guilds");
    }
    const sent = simulator.sendDirectMessage(userId, ".apikey");
    const reply = await _botReply(simulator, sent.channel_id, DEMO_KEY_TIMEOUT_MS);
    const key = /`([^`\s]+)`/.exec(reply.content)?.[1];
    if (!key) throw apiError(503, ErrorCode.unavailable, "The bot answered without a key");
    return { success: true, data: { user_id: userId, key, reply: reply.content } };
  });
}

// --- internal ---

/** The bot's next message in `channelId`, or a 503 when the bot is not connected. */
function _botReply(simulator: Simulator, channelId: string, timeoutMs: number): Promise<SimMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      simulator.off("message", onMessage);
      reject(apiError(503, ErrorCode.unavailable, "The bot did not answer (is it connected?)"));
    }, timeoutMs);
    function onMessage(message: SimMessage) {
      if (message.channel_id !== channelId || message.author.id !== simulator.bot.id) return;
      clearTimeout(timer);
      simulator.off("message", onMessage);
      resolve(message);
    }
    simulator.on("message", onMessage);
  });
}
