/**
 * OpenAPI description of the originoid Presence dialect (`/v1/:id`, `/v1/:id/in_server`,
 * `/ws/v1/:id`).
 * @see README.md#originoid
 */

import { json, nullable, ref, snowflakeParam, strictObject, websocket, type Json } from "./common.ts";

/** originoid's schemas. */
export const originoidSchemas: Record<string, Json> = {
  OriginoidSpotify: strictObject({
    track: nullable({ type: "string" }),
    artist: nullable({ type: "string" }),
    album: nullable({ type: "string" }),
    album_art_url: nullable({ type: "string", format: "uri" }),
    started_at_ms: nullable({ type: "integer" }),
    ends_at_ms: nullable({ type: "integer" }),
  }),
  OriginoidPresence: strictObject({
    user_id: { type: "string" },
    spotify: nullable(ref("OriginoidSpotify")),
    timestamp_ms: { type: "integer" },
  }),
  OriginoidInServer: strictObject({ user_id: { type: "string" }, in_server: { type: "boolean" } }),
  OriginoidError: strictObject({
    error: strictObject({ code: ref("ErrorCode"), message: { type: "string" } }),
  }),
};

const _error = (description: string) => json(description, ref("OriginoidError"));

/** originoid's paths. */
export const originoidPaths: Record<string, Json> = {
  "/v1/{id}": {
    get: {
      tags: ["originoid"],
      summary: "A user's Spotify state in originoid's PresenceData shape",
      parameters: [snowflakeParam],
      responses: {
        "200": json("The presence.", ref("OriginoidPresence")),
        "400": _error("`invalid_user_id`: not a snowflake."),
        "404": _error("`user_not_monitored`."),
      },
    },
  },
  "/v1/{id}/in_server": {
    get: {
      tags: ["originoid"],
      summary: "Whether presence-kit monitors the user (shares a guild with the bot)",
      parameters: [snowflakeParam],
      responses: {
        "200": json("Always 200 for a snowflake.", ref("OriginoidInServer")),
        "400": _error("`invalid_user_id`: not a snowflake."),
      },
    },
  },
  "/ws/v1/{id}": websocket(
    "originoid Presence WebSocket",
    "Sends the user's PresenceData on connect and after every change; a malformed id closes with 4010.",
    "originoid",
    { parameters: [snowflakeParam] },
  ),
};
