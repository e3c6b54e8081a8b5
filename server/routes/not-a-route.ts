import type { H3Event } from "h3";
import { ErrorCode, apiError } from "../errors.ts";

/**
 * Paths that look like a route without its id (`/v1/users`, `/v1/presence/`, `/cards`) but are
 * none: without this, `GET /v1/:id` (originoid) reads `users` as a user id and answers its 400
 * `invalid_user_id`, and `/cards/**` answers an error card. Lanyard answers 404 `not_found`
 * "Route does not exist" for every path that is not a route, and so does presence-kit.
 * h3 ignores a trailing slash when matching, so `/v1/users/` is the same case as `/v1/users`.
 * @see README.md#errors
 */
export function notARouteMiddleware(event: H3Event): void {
  if (kNotARoute.test(event.url.pathname)) {
    throw apiError(404, ErrorCode.notFound, "Route does not exist");
  }
}

// --- internal ---

/**
 * `/v1/<segment>` where the segment is the static part of another /v1 route (or the originoid
 * `in_server` suffix), and the bare card folder. Never a user id: ids are snowflakes.
 */
const kNotARoute = /^\/(?:v1\/(?:users|presence|in_server)|cards)\/?$/;
