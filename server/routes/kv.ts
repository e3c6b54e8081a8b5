import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { toLanyard } from "../dialects/lanyard.ts";
import { ErrorCode, apiError } from "../errors.ts";
import type { ApiKeys } from "../kv/api-keys.ts";
import type { KvStore } from "../kv/store.ts";

/** What the KV routes need besides the app's deps. */
export interface KvDeps {
  keys: ApiKeys;
  kv: KvStore;
}

/** Largest request body the KV routes read: 1 MiB (a 30,000-grapheme value fits many times). */
export const kKvBodyLimit = 1024 * 1024;

/**
 * Lanyard's KV routes and `GET /v1/users/@me`, authorized by the raw `Authorization` header.
 * Errors: 401 `no_permission` (missing or unknown key), 403 `forbidden` (another user's KV),
 * 404 `user_not_monitored`, 413 `payload_too_large`, 404 `kv_validation_failed`/`invalid_kv_value`,
 * 413 `kv_value_too_large`/`kv_quota_exceeded`.
 * @see README.md#kv-and-api-keys
 */
export function kvRoutes(app: H3, { hub }: AppDeps, { keys, kv }: KvDeps): void {
  app.get("/v1/users/@me", async function _me(event) {
    const owner = await _owner(event, keys);
    const snapshot = hub.get(owner);
    if (!snapshot) {
      throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    }
    return { success: true, data: toLanyard(snapshot.presence) };
  });
  app.put("/v1/users/:id/kv/:key", async function _kvPut(event) {
    const userId = await _target(event, keys);
    const key = getRouterParam(event, "key", { decode: true }) ?? "";
    kv.get(userId); // 404 for an owner who is not monitored, before the body is read
    const value = await _body(event);
    await kv.put(userId, key, value);
    return _noContent();
  });
  app.patch("/v1/users/:id/kv", async function _kvPatch(event) {
    const userId = await _target(event, keys);
    kv.get(userId); // as in PUT
    const text = await _body(event);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw apiError(404, ErrorCode.invalidKvValue, "body must be an object");
    }
    await kv.patch(userId, body);
    return _noContent();
  });
  app.delete("/v1/users/:id/kv/:key", async function _kvDelete(event) {
    const userId = await _target(event, keys);
    const key = getRouterParam(event, "key", { decode: true }) ?? "";
    await kv.delete(userId, key);
    return _noContent();
  });
}

// --- internal ---

async function _owner(event: H3Event, keys: ApiKeys): Promise<string> {
  const owner = await keys.resolve(event.req.headers.get("authorization"));
  if (!owner) {
    throw apiError(401, ErrorCode.noPermission, "You do not have permission to access this resource");
  }
  return owner;
}

/** The user a KV route writes: the key's owner, who may name themselves as `@me` or by id. */
async function _target(event: H3Event, keys: ApiKeys): Promise<string> {
  const owner = await _owner(event, keys);
  const id = getRouterParam(event, "id", { decode: true }) ?? "";
  if (id !== "@me" && id !== owner) {
    throw apiError(403, ErrorCode.forbidden, "This API key may only change its owner's KV");
  }
  return owner;
}

/** Reads the raw body as UTF-8, refusing (413) past the limit without buffering the rest. */
async function _body(event: H3Event): Promise<string> {
  const tooLarge = () => {
    // The unread rest of the body would be taken for the next request on a kept-alive socket.
    event.res.headers.set("connection", "close");
    const message = `Request body must be ${kKvBodyLimit} bytes or less`;
    return apiError(413, ErrorCode.payloadTooLarge, message);
  };
  if (Number(event.req.headers.get("content-length") ?? 0) > kKvBodyLimit) throw tooLarge();
  const reader = event.req.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    // Not cancelled: that destroys the socket under the response being written.
    if (size > kKvBodyLimit) throw tooLarge();
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function _noContent(): Response {
  return new Response(null, { status: 204 });
}
