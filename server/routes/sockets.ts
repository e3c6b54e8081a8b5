import { defineWebSocketHandler, getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { ErrorCode, apiError } from "../errors.ts";
import { countSessions } from "../metrics/counting.ts";
import { createGruxSession } from "../socket/grux-session.ts";
import { sessionHooks, type SessionContext } from "../socket/hooks.ts";
import { createLanyardSession } from "../socket/lanyard-session.ts";
import { resolveSocketOptions } from "../socket/options.ts";
import { createOriginoidSession } from "../socket/originoid-session.ts";
import { ZLIB_JSON } from "../socket/protocol.ts";
import { createSocketRegistry } from "../socket/registry.ts";
import { createTetherSession } from "../socket/tether-session.ts";

/**
 * WebSocket routes: Lanyard's protocol on `/socket`, Tether's on `/tether/socket`, originoid
 * Presence on `/ws/v1/:id` and Grux on `/?user_id=` (upgrades only; a plain `GET /` stays the JSON
 * info route). Every socket is closed with 1001 on shutdown.
 * @see README.md#websocket-lanyard
 */
export function socketRoutes(app: H3, deps: AppDeps): void {
  const { config, hub, shutdown } = deps;
  const options = resolveSocketOptions(deps.sockets);
  const ctx: SessionContext = { registry: createSocketRegistry(), options };
  const counted = countSessions(deps.metrics);
  const images = { cdnUrl: config.discordCdnUrl, spotifyImageUrl: config.spotifyImageUrl };
  shutdown.add(() => ctx.registry.closeAll(options.shutdownGraceMs));

  app.get(
    "/socket",
    defineWebSocketHandler(function _lanyardSocket(event) {
      const compress = event.url.searchParams.get("compression") === ZLIB_JSON;
      return sessionHooks(ctx, { compress }, counted("lanyard", (conn) =>
        createLanyardSession(conn, {
          hub,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
          maxSubscriptionIds: config.maxSubscriptionIds,
          allowSubscribeAll: config.allowSubscribeAll,
        })),
      );
    }, _upgradeFailed),
  );

  app.get(
    "/ws/v1/:id",
    defineWebSocketHandler(function _originoidSocket(event) {
      const userId = getRouterParam(event, "id", { decode: true }) ?? "";
      return sessionHooks(ctx, {}, counted("originoid", (conn) => createOriginoidSession(conn, { hub, userId })));
    }, _upgradeFailed),
  );

  app.get(
    "/tether/socket",
    defineWebSocketHandler(function _tetherSocket() {
      return sessionHooks(ctx, {}, counted("tether", (conn) =>
        createTetherSession(conn, {
          hub,
          images,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
          maxSubscriptionIds: config.maxSubscriptionIds,
        })),
      );
    }, _upgradeFailed),
  );

  const grux = defineWebSocketHandler(function _gruxSocket(event) {
    const userId = event.url.searchParams.get("user_id");
    return sessionHooks(ctx, {}, counted("grux", (conn) => createGruxSession(conn, { hub, userId, images })));
  });
  // `/` belongs to the info route; a middleware takes only its upgrades, whatever the order.
  app.use(function _gruxUpgrade(event) {
    if (event.url.pathname === "/" && _isUpgrade(event)) return grux(event);
  });
}

// --- internal ---

function _isUpgrade(event: H3Event): boolean {
  return event.req.headers.get("upgrade")?.toLowerCase() === "websocket";
}

function _upgradeFailed(): never {
  throw apiError(400, ErrorCode.upgradeFailed, "Request failed to upgrade");
}
