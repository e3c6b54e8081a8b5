/**
 * OpenAPI description of the Grux dialect (`/user/:id`, `/activity/:id`, the `/?user_id=` socket).
 * @see README.md#grux
 */

import { envelopeError, json, nullable, ref, snowflakeParam, strictObject, type Json } from "./common.ts";

const _str = { type: "string" };
const _nstr = nullable(_str);
const _url = { type: "string", format: "uri" };

/** Grux's schemas. */
export const gruxSchemas: Record<string, Json> = {
  GruxProfile: strictObject({
    bot: { type: "boolean" },
    device: _nstr,
    id: _str,
    creation_date: { type: "string", format: "date-time" },
    username: _str,
    display_name: _str,
    link: _url,
    avatar: _nstr,
    avatar_image: _url,
    avatar_decoration_image: nullable(_url),
    nameplate_image: nullable(_url),
    badges: {
      type: "array",
      items: strictObject({ id: _str, description: _str, asset: _str, badge_image: _url }),
    },
    clan: nullable(
      strictObject({ tag: _str, identity_guild_id: _nstr, asset: _nstr, clan_image: nullable(_url) }),
    ),
    connected_accounts: {
      type: "array",
      maxItems: 0,
      description: "Always empty: a bot cannot see a user's connections.",
    },
  }),
  GruxSpotify: strictObject({
    type: { const: "Listening to Spotify" },
    name: _str,
    song: _nstr,
    artist: _nstr,
    album: _nstr,
    album_image: nullable(_url),
    link: nullable(_url),
    timestamps: nullable(ref("Timestamps")),
    created_at: nullable({ type: "integer" }),
  }),
  GruxActivityItem: strictObject({
    type: { enum: ["Playing", "Streaming", "Listening", "Watching", "Competing"] },
    name: _str,
    state: _nstr,
    details: _nstr,
    largeText: _nstr,
    largeImage: nullable(_url),
    smallText: _nstr,
    smallImage: nullable(_url),
    timestamps: nullable(ref("Timestamps")),
    created_at: nullable({ type: "integer" }),
  }),
  GruxActivity: strictObject({
    status: { enum: ["online", "idle", "dnd", "offline"] },
    spotify: nullable(ref("GruxSpotify")),
    activity: { type: "array", items: ref("GruxActivityItem") },
  }),
  GruxUser: strictObject({
    profile: ref("GruxProfile"),
    status: { enum: ["online", "idle", "dnd", "offline"] },
    spotify: nullable(ref("GruxSpotify")),
    activity: { type: "array", items: ref("GruxActivityItem") },
  }),
  GruxUserResponse: strictObject({ data: ref("GruxUser"), success: { const: true } }),
  GruxActivityResponse: strictObject({ data: ref("GruxActivity"), success: { const: true } }),
};

const _errors = {
  "400": envelopeError("`invalid_user_id`: not a snowflake."),
  "404": envelopeError("`user_not_monitored`."),
};

/** Grux's paths (its socket shares `/` with the info route and is described there). */
export const gruxPaths: Record<string, Json> = {
  "/user/{id}": {
    get: {
      tags: ["Grux"],
      summary: "Profile, status, Spotify and activities in Grux's shape",
      parameters: [snowflakeParam],
      responses: { "200": json("The user.", ref("GruxUserResponse")), ..._errors },
    },
  },
  "/activity/{id}": {
    get: {
      tags: ["Grux"],
      summary: "Only the live part: status, Spotify and activities",
      parameters: [snowflakeParam],
      responses: { "200": json("The activity.", ref("GruxActivityResponse")), ..._errors },
    },
  },
};
