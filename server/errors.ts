import { HTTPError, type H3Event } from "h3";
import { logger } from "./log/logger.ts";
import type { Answer } from "./serve/answer.ts";

/**
 * Every error code presence-kit answers with, snake_case like Lanyard's.
 * @see README.md#errors
 */
export const ErrorCode = {
  notFound: "not_found",
  userNotMonitored: "user_not_monitored",
  invalidUserId: "invalid_user_id",
  badRequest: "bad_request",
  methodNotAllowed: "method_not_allowed",
  unavailable: "service_unavailable",
  internal: "internal_error",
  /** A WebSocket route asked for without an upgrade (Lanyard's code). */
  upgradeFailed: "upgrade_failed",
  tooManyIds: "too_many_ids",
  missingIds: "missing_ids",
  subscribeAllDisabled: "subscribe_all_disabled",
  notImplemented: "not_implemented",
  /** KV: the `Authorization` key is missing or unknown (Lanyard's code, 401). */
  noPermission: "no_permission",
  /** KV: a valid key used on another user's KV (403; Lanyard answers 401 `no_permission`). */
  forbidden: "forbidden",
  /** KV: a limit or charset check failed (Lanyard answers these with 404). */
  kvValidationFailed: "kv_validation_failed",
  /** KV: a PATCH body that is not a flat JSON object of strings (404, as Lanyard). */
  invalidKvValue: "invalid_kv_value",
  /** KV: a value over `KV_MAX_VALUE_BYTES` UTF-8 bytes (413). */
  kvValueTooLarge: "kv_value_too_large",
  /** KV: a write that would take a user's KV over `KV_MAX_USER_BYTES` (413). */
  kvQuotaExceeded: "kv_quota_exceeded",
  /** KV: a request body over 1 MiB (413). */
  payloadTooLarge: "payload_too_large",
  /** Quicklinks: the CDN fetch failed, timed out or was too large (502). */
  upstreamError: "upstream_error",
  /** Over a client address's rate limit (429, with `Retry-After`). */
  rateLimited: "rate_limited",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one JSON error body: `{ success: false, error: { code, message } }`. */
export interface ErrorEnvelope {
  success: false;
  error: { code: string; message: string };
}

/**
 * Creates the `HTTPError` a handler throws; {@link toErrorResponse} turns it into the envelope.
 * @example
 * throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
 */
export function apiError(status: number, code: string, message: string): HTTPError {
  return new HTTPError({ status, message, data: { code } });
}

/**
 * h3 `onError` hook: answers every error with the envelope, keeping headers already set (CORS).
 * Unhandled errors are bugs: their message is logged, never echoed.
 */
export function toErrorResponse(error: HTTPError, event: H3Event): Response {
  const status = error.status || 500;
  const code = _codeOf(error, status);
  const message = error.unhandled ? "Internal server error" : error.message || "Error";
  if (error.unhandled) logger.error({ err: error.cause ?? error }, "unhandled error");
  const headers = new Headers(event.res.headers);
  headers.set("content-type", ERROR_TYPE);
  error.headers?.forEach((value, key) => headers.set(key, value));
  return new Response(_envelope(code, message), { status, headers });
}

/** `Content-Type` of the error envelope. */
export const ERROR_TYPE = "application/json; charset=utf-8";

/**
 * The envelope as an {@link Answer}: what {@link toErrorResponse} writes, for a route or the fast
 * path to return without throwing (a thrown error costs h3 a second pass through its response code).
 * @example
 * return sendAnswer(event, errorAnswer(404, ErrorCode.notFound, "Route does not exist"));
 */
export function errorAnswer(status: number, code: string, message: string): Answer {
  return { status, headers: [["content-type", ERROR_TYPE]], body: Buffer.from(_envelope(code, message)) };
}

/** The answer of a path that is no route: 404 `not_found`, encoded once. */
export const NOT_FOUND: Answer = errorAnswer(404, ErrorCode.notFound, "Route does not exist");

// --- internal ---

function _envelope(code: string, message: string): string {
  const body: ErrorEnvelope = { success: false, error: { code, message } };
  return JSON.stringify(body);
}

function _codeOf(error: HTTPError, status: number): string {
  const data = error.data as { code?: unknown } | undefined;
  if (typeof data?.code === "string") return data.code;
  if (error.unhandled || status >= 500) return ErrorCode.internal;
  if (status === 404) return ErrorCode.notFound;
  if (status === 405) return ErrorCode.methodNotAllowed;
  return ErrorCode.badRequest;
}
