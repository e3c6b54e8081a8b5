/**
 * OpenAPI description of the Lanyard dialect: REST, KV, SSE, the `/socket` WebSocket and the
 * quicklinks (Grux's `/?user_id=` socket shares `/` and is described in `service.ts`).
 * @see README.md#endpoints
 */

import {
  body,
  envelopeError,
  json,
  nullable,
  ref,
  snowflakeParam,
  strictObject,
  websocket,
  type Json,
} from "./common.ts";

/** Lanyard's schemas; raw Discord objects (`activities`, `discord_user`) are open objects. */
export const lanyardSchemas: Record<string, Json> = {
  LanyardSpotify: strictObject({
    album: nullable({ type: "string" }),
    album_art_url: nullable({ type: "string" }),
    artist: nullable({ type: "string" }),
    song: nullable({ type: "string" }),
    timestamps: nullable(ref("Timestamps")),
    track_id: nullable({ type: "string" }),
  }),
  LanyardPresence: strictObject({
    active_on_discord_desktop: { type: "boolean" },
    active_on_discord_embedded: { type: "boolean" },
    active_on_discord_mobile: { type: "boolean" },
    active_on_discord_vr: { type: "boolean" },
    active_on_discord_web: { type: "boolean" },
    activities: { type: "array", items: { type: "object", required: ["name", "type"] } },
    discord_status: { enum: ["online", "idle", "dnd", "offline"] },
    discord_user: { type: "object", required: ["id"] },
    kv: { type: "object", additionalProperties: { type: "string" } },
    last_seen: nullable({ type: "integer" }),
    listening_to_spotify: { type: "boolean" },
    spotify: nullable(ref("LanyardSpotify")),
  }),
  LanyardResponse: strictObject({ success: { const: true }, data: ref("LanyardPresence") }),
  KvObject: { type: "object", additionalProperties: { type: "string" } },
};

const _sse = (description: string) => body(description, "text/event-stream");
const _closing = envelopeError("`service_unavailable`: the server is shutting down.");
const _auth = { name: "Authorization", in: "header", required: true, schema: { type: "string" } };
const _key = {
  name: "key",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[a-zA-Z0-9_]{0,255}$" },
};
const _meOrId = {
  ...snowflakeParam,
  description: "The key owner's id, or `@me`.",
  schema: { type: "string" },
};
const _content = (type: string, format?: string) => ({
  [type]: { schema: format ? { type: "string", format } : { type: "string" } },
});
const _kvErrors = {
  "401": envelopeError("`no_permission`: missing or unknown API key."),
  "403": envelopeError("`forbidden`: another user's KV."),
  "404": envelopeError("`kv_validation_failed`, `invalid_kv_value` or `user_not_monitored`."),
  "503": envelopeError(
    "`service_unavailable`: Redis storage is away, or (ROLE=api) the gateway did not store the write.",
  ),
};
const _tooLarge = {
  "413": envelopeError(
    "`payload_too_large`: a body over 1 MiB; `kv_value_too_large`: a value over `KV_MAX_VALUE_BYTES`; " +
      "`kv_quota_exceeded`: the user's KV would pass `KV_MAX_USER_BYTES`.",
  ),
};

/** Lanyard's paths. */
export const lanyardPaths: Record<string, Json> = {
  "/v1/users/{id}": {
    get: {
      tags: ["Lanyard"],
      summary: "A user's presence in Lanyard's shape",
      parameters: [snowflakeParam],
      responses: {
        "200": json("The presence.", ref("LanyardResponse")),
        "404": envelopeError("`user_not_monitored` (also for ids that are not snowflakes, like Lanyard)."),
      },
    },
  },
  "/v1/users/@me": {
    get: {
      tags: ["Lanyard"],
      summary: "The API key owner's presence",
      parameters: [_auth],
      responses: { "200": json("The presence.", ref("LanyardResponse")), ..._kvErrors },
    },
  },
  "/v1/users/{id}/kv/{key}": {
    put: {
      tags: ["Lanyard KV"],
      summary: "Set one key; the raw body is the value",
      parameters: [_meOrId, _key, _auth],
      requestBody: { content: { "*/*": { schema: { type: "string", maxLength: 30000 } } } },
      responses: { "204": { description: "Stored." }, ..._kvErrors, ..._tooLarge },
    },
    delete: {
      tags: ["Lanyard KV"],
      summary: "Delete one key (204 even when absent)",
      parameters: [_meOrId, _key, _auth],
      responses: { "204": { description: "Deleted." }, ..._kvErrors },
    },
  },
  "/v1/users/{id}/kv": {
    patch: {
      tags: ["Lanyard KV"],
      summary: "Merge a JSON object of string values",
      parameters: [_meOrId, _auth],
      requestBody: { content: { "application/json": { schema: ref("KvObject") } } },
      responses: { "204": { description: "Merged." }, ..._kvErrors, ..._tooLarge },
    },
  },
  "/v1/users/{id}/events": {
    get: {
      tags: ["SSE"],
      summary: "Server-Sent Events for one user (resumable with Last-Event-ID)",
      parameters: [snowflakeParam],
      responses: {
        "200": _sse("An event stream of Lanyard presences."),
        "400": envelopeError("`invalid_user_id`: not a snowflake."),
        "404": envelopeError("`user_not_monitored` (a reconnect opens the stream and says `remove`)."),
        "503": _closing,
      },
    },
  },
  "/v1/events": {
    get: {
      tags: ["SSE"],
      summary: "Server-Sent Events for several users (`?ids=a,b`) or all (`?all=true`)",
      parameters: [
        { name: "ids", in: "query", schema: { type: "string" } },
        { name: "all", in: "query", schema: { type: "string" } },
      ],
      responses: {
        "200": _sse("An event stream of Lanyard presences."),
        "400": envelopeError("`missing_ids`, `too_many_ids` or `invalid_user_id`."),
        "403": envelopeError("`subscribe_all_disabled`."),
        "503": _closing,
      },
    },
  },
  "/socket": websocket(
    "Lanyard WebSocket",
    "Lanyard's protocol: Hello, Initialize (op 2), INIT_STATE and PRESENCE_UPDATE; `?compression=zlib_json`.",
    "Lanyard",
  ),
  "/{file}": {
    get: {
      tags: ["Lanyard quicklinks"],
      summary: "`/<id>.png|gif|webp|jpg|jpeg`: the user's avatar, proxied from the Discord CDN",
      parameters: [
        {
          name: "file",
          in: "path",
          required: true,
          schema: { type: "string", pattern: "^[1-9][0-9]{16,19}\\.(png|gif|webp|jpg|jpeg)$" },
        },
      ],
      responses: {
        "200": { description: "The image (a raster type; cached, bounded).", content: _content("image/*", "binary") },
        "304": { description: "Not modified: the request's `If-None-Match` matches the avatar's `ETag`." },
        "404": envelopeError("`user_not_monitored`, or `not_found` for a malformed name."),
        "502": envelopeError(
          "`upstream_error`: the CDN failed, timed out, redirected, or answered something other than a raster image.",
        ),
      },
    },
  },
};
