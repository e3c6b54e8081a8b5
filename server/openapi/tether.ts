/**
 * OpenAPI description of the Tether dialect (`/v1/presence/:id`, `/tether/socket`).
 * @see README.md#tether
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

/** Tether's schemas, keyed by component name. */
export const tetherSchemas: Record<string, Json> = {
  TetherActivity: strictObject(
    {
      id: { type: "string" },
      name: { type: "string" },
      type: { type: "integer" },
      created_at: { type: "integer" },
      session_id: { type: "string" },
      application_id: { type: "string" },
      emoji: strictObject({ name: { type: "string" } }),
      details: { type: "string" },
      state: { type: "string" },
      platform: { type: "string" },
      assets: strictObject(
        {
          large_image: { type: "string" },
          large_image_url: { type: "string", format: "uri" },
          large_text: { type: "string" },
          small_image: { type: "string" },
          small_image_url: { type: "string", format: "uri" },
          small_text: { type: "string" },
        },
        ["large_image", "large_image_url", "large_text", "small_image", "small_image_url", "small_text"],
      ),
      timestamps: ref("Timestamps"),
    },
    ["application_id", "emoji", "details", "state", "platform", "assets", "timestamps"],
  ),
  TetherUser: strictObject(
    {
      id: { type: "string" },
      username: { type: "string" },
      global_name: { type: "string" },
      avatar: { type: "string" },
      avatar_url: { type: "string", format: "uri" },
      avatar_decoration_data: strictObject({
        asset: { type: "string" },
        avatar_decoration_url: { type: "string", format: "uri" },
        expires_at: nullable({ type: "integer" }),
        sku_id: nullable({ type: "string" }),
      }),
      primary_guild: strictObject({
        badge: nullable({ type: "string" }),
        badge_url: nullable({ type: "string", format: "uri" }),
        identity_enabled: nullable({ type: "boolean" }),
        identity_guild_id: nullable({ type: "string" }),
        tag: nullable({ type: "string" }),
      }),
      collectibles: {},
      display_name_styles: {},
      public_flags: { type: "array", items: { type: "string" } },
    },
    ["global_name", "avatar", "avatar_decoration_data", "primary_guild"],
  ),
  TetherSpotify: strictObject(
    {
      track_id: { type: "string" },
      party_id: { type: "string" },
      timestamps: ref("Timestamps"),
      song: { type: "string" },
      artist: { type: "string" },
      album_art_url: { type: "string", format: "uri" },
      album: { type: "string" },
    },
    ["track_id", "party_id", "timestamps", "song", "artist", "album_art_url", "album"],
  ),
  TetherPresence: strictObject(
    {
      status: { enum: ["online", "idle", "dnd", "offline"] },
      activities: { type: "array", items: ref("TetherActivity") },
      clients: strictObject({
        active: { type: "array", items: { enum: ["desktop", "mobile", "web", "embedded", "vr"] } },
        primary: { type: "string" },
      }),
      discord_user: ref("TetherUser"),
      spotify: ref("TetherSpotify"),
    },
    ["spotify"],
  ),
  TetherResponse: strictObject({ success: { const: true }, data: ref("TetherPresence") }),
};

/** Tether's paths. */
export const tetherPaths: Record<string, Json> = {
  "/v1/presence/{id}": {
    get: {
      tags: ["Tether"],
      summary: "A user's presence in Tether's PresenceData shape",
      parameters: [snowflakeParam],
      responses: {
        "200": json("The presence.", ref("TetherResponse")),
        "400": envelopeError("`invalid_user_id`: not a snowflake."),
        "404": envelopeError("`user_not_monitored`."),
      },
    },
  },
  "/tether/socket": websocket(
    "Tether WebSocket",
    "Hello (op 1), then op 2 `{ subscribe_to_ids }` → op 0 `INIT_STATE` (`{ [id]: PresenceData }`), " +
      "then op 0 `PRESENCE_UPDATE` with `d: { user_id, data: PresenceData }`. Heartbeat with op 3.",
    "Tether",
  ),
};
