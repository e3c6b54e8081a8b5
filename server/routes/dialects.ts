import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { toGruxActivity, toGruxProfile } from "../dialects/grux.ts";
import { toOriginoid } from "../dialects/originoid.ts";
import { toTether } from "../dialects/tether.ts";
import { ErrorCode } from "../errors.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { isSnowflake } from "../presence/user.ts";

/**
 * REST routes of the Tether, originoid Presence and Grux dialects. Each answers its errors in
 * its own envelope: Tether and Grux `{ success: false, error: { code, message } }`, originoid
 * `{ error: { code, message } }` (originoid has no `success` field). A malformed id is 400
 * `invalid_user_id`, an unknown user 404 `user_not_monitored`.
 * @see README.md#tether
 */
export function dialectRoutes(app: H3, { config, hub }: AppDeps): void {
  const images = { cdnUrl: config.discordCdnUrl, spotifyImageUrl: config.spotifyImageUrl };
  const lookup = (event: H3Event) => _lookup(event, hub.get.bind(hub));

  app.get("/v1/presence/:id", function _tether(event) {
    const found = lookup(event);
    if ("error" in found) return _fail(event, found, true);
    return { success: true, data: toTether(found.presence, images) };
  });

  app.get("/user/:id", function _gruxUser(event) {
    const found = lookup(event);
    if ("error" in found) return _fail(event, found, true);
    const p = found.presence;
    const data = { profile: toGruxProfile(p, images), ...toGruxActivity(p, images) };
    return { data, success: true };
  });

  app.get("/activity/:id", function _gruxActivity(event) {
    const found = lookup(event);
    if ("error" in found) return _fail(event, found, true);
    return { data: toGruxActivity(found.presence, images), success: true };
  });

  // Registered after /v1/users/:id, /v1/presence/:id and /v1/events; the snowflake check keeps
  // any other single segment (e.g. a future /v1/health) from being read as a user.
  app.get("/v1/:id", function _originoid(event) {
    const found = lookup(event);
    if ("error" in found) return _fail(event, found, false);
    return toOriginoid(found.presence);
  });

  app.get("/v1/:id/in_server", function _originoidInServer(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    if (!isSnowflake(id)) return _fail(event, _invalid(id), false);
    return { user_id: id, in_server: hub.get(id) !== undefined };
  });
}

// --- internal ---

interface _Failure {
  status: number;
  error: { code: string; message: string };
}

function _invalid(id: string): _Failure {
  const message = `"${id.slice(0, 40)}" is not a Discord user id (a snowflake)`;
  return { status: 400, error: { code: ErrorCode.invalidUserId, message } };
}

function _lookup(
  event: H3Event,
  get: (id: string) => { presence: CanonicalPresence } | undefined,
): _Failure | { presence: CanonicalPresence } {
  const id = getRouterParam(event, "id", { decode: true }) ?? "";
  if (!isSnowflake(id)) return _invalid(id);
  const snapshot = get(id);
  if (!snapshot) {
    const message = "User is not being monitored by presence-kit";
    return { status: 404, error: { code: ErrorCode.userNotMonitored, message } };
  }
  return { presence: snapshot.presence };
}

function _fail(event: H3Event, failure: _Failure, withSuccess: boolean): unknown {
  event.res.status = failure.status;
  return withSuccess ? { success: false, error: failure.error } : { error: failure.error };
}
