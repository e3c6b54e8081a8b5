import { getRouterParam, type H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { toLanyard } from "../dialects/lanyard.ts";
import { ErrorCode, apiError } from "../errors.ts";
import { isSnowflake } from "../presence/user.ts";
import { VERSION } from "../version.ts";

/**
 * Lanyard's REST dialect: `GET /v1/users/:id` → `{ success: true, data: <presence> }`, and `GET /`
 * with the service summary Lanyard's root answers.
 * @see README.md#lanyard-rest
 */
export function lanyardRoutes(app: H3, { hub }: AppDeps): void {
  app.get("/v1/users/:id", function _lanyardUser(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    // Lanyard does no format check and answers user_not_monitored for anything unknown; keep its
    // code and status so clients' branches still work, but say why in the message.
    if (!isSnowflake(id)) {
      throw apiError(404, ErrorCode.userNotMonitored, `"${String(id).slice(0, 40)}" is not a Discord user id (a snowflake), so it is not monitored`);
    }
    const snapshot = hub.get(id);
    if (!snapshot) throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    return { success: true, data: toLanyard(snapshot.presence) };
  });
  app.get("/", function _root() {
    return {
      success: true,
      data: {
        info: "presence-kit provides Discord presences as an API, WebSocket, Server-Sent Events and cards.",
        monitored_user_count: hub.size,
        version: VERSION,
      },
    };
  });
}
