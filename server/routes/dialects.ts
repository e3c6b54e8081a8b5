import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { isSnowflake } from "../presence/user.ts";
import { sendAnswer } from "../serve/answer.ts";
import { SNAPSHOT_ROUTES, type SnapshotDialect, type Snapshots } from "../serve/snapshots.ts";

/**
 * REST routes of the Tether, originoid Presence and Grux dialects. Each answers its errors in
 * its own envelope: Tether and Grux `{ success: false, error: { code, message } }`, originoid
 * `{ error: { code, message } }` (originoid has no `success` field). A malformed id is 400
 * `invalid_user_id`, an unknown user 404 `user_not_monitored`.
 * @see README.md#tether
 */
export function dialectRoutes(app: H3, { hub }: AppDeps, snapshots: Snapshots): void {
  // The snapshot routes answer pre-encoded bytes, shared with the fast path.
  const route = (dialect: SnapshotDialect) =>
    function _snapshot(event: H3Event) {
      return sendAnswer(event, snapshots.answer(dialect, getRouterParam(event, "id", { decode: true }) ?? ""));
    };
  app.get(SNAPSHOT_ROUTES.tether, route("tether"));
  app.get(SNAPSHOT_ROUTES.gruxUser, route("gruxUser"));
  app.get(SNAPSHOT_ROUTES.gruxActivity, route("gruxActivity"));
  // Registered after /v1/users/:id, /v1/presence/:id and /v1/events; the snowflake check keeps
  // any other single segment (e.g. a future /v1/health) from being read as a user.
  app.get(SNAPSHOT_ROUTES.originoid, route("originoid"));

  app.get("/v1/:id/in_server", function _originoidInServer(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    // A malformed id gets originoid's 400 `invalid_user_id`, as on `/v1/:id`.
    if (!isSnowflake(id)) return sendAnswer(event, snapshots.answer("originoid", id));
    return { user_id: id, in_server: hub.get(id) !== undefined };
  });
}
