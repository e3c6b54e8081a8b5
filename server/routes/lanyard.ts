import { getRouterParam, type H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { sendAnswer } from "../serve/answer.ts";
import { SNAPSHOT_ROUTES, type Snapshots } from "../serve/snapshots.ts";
import { VERSION } from "../version.ts";

/**
 * Lanyard's REST dialect: `GET /v1/users/:id` → `{ success: true, data: <presence> }` (encoded
 * once per user version, shared with the fast path), and `GET /` with the service summary
 * Lanyard's root answers.
 * @see README.md#lanyard-rest
 */
export function lanyardRoutes(app: H3, { hub }: AppDeps, snapshots: Snapshots): void {
  app.get(SNAPSHOT_ROUTES.lanyard, function _lanyardUser(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    return sendAnswer(event, snapshots.answer("lanyard", id));
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
