/**
 * OpenAPI description of the Lanyard dialect and presence-kit's own routes: REST, KV, SSE,
 * WebSockets (`/socket`, Grux's `/?user_id=`), quicklinks, health, and the docs themselves.
 * @see README.md#endpoints
 */

import {
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
  RootResponse: {
    type: "object",
    required: ["success", "data"],
    properties: {
      success: { const: true },
      data: { type: "object", required: ["info", "monitored_user_count"] },
    },
  },
  HealthResponse: {
    type: "object",
    required: ["success", "data"],
    properties: {
      success: { type: "boolean" },
      data: { type: "object", required: ["status", "gateway", "monitored_users", "uptime_ms"] },
    },
  },
  KvObject: { type: "object", additionalProperties: { type: "string" } },
};

const _sse = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: { type: "string" } } },
});
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
};

/** Lanyard's and presence-kit's own paths. */
export const lanyardPaths: Record<string, Json> = {
  "/": {
    get: {
      tags: ["Lanyard"],
      summary: "Service info (a WebSocket upgrade here is Grux's socket, `?user_id=`)",
      responses: {
        "200": json("Service info.", ref("RootResponse")),
        "101": { description: "Grux WebSocket (`initial_data`, then `presence_update`) when upgrading." },
      },
    },
  },
  "/health": {
    get: {
      tags: ["presence-kit"],
      summary: "Gateway state and counts",
      responses: {
        "200": json("Ready.", ref("HealthResponse")),
        "503": json("The gateway is not ready.", ref("HealthResponse")),
      },
    },
  },
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
      responses: { "204": { description: "Stored." }, ..._kvErrors },
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
      responses: { "204": { description: "Merged." }, ..._kvErrors },
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
        "200": { description: "The image.", content: _content("image/*", "binary") },
        "404": envelopeError("`user_not_monitored`, or `not_found` for a malformed name."),
        "502": envelopeError("`upstream_error`: the CDN failed or timed out."),
      },
    },
  },
  "/openapi.json": {
    get: {
      tags: ["presence-kit"],
      summary: "This document",
      responses: { "200": json("OpenAPI 3.1.", { type: "object" }) },
    },
  },
  "/docs": {
    get: {
      tags: ["presence-kit"],
      summary: "A self-contained HTML page listing every route and schema",
      responses: { "200": { description: "HTML.", content: _content("text/html") } },
    },
  },
};
