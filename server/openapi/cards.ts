/**
 * OpenAPI description of the card routes (`/cards/<id>.svg|png`).
 * @see README.md#cards
 */

import { CARD_CSP } from "../cards/card-cache-control.ts";
import { COMPAT_OPTIONS, type CompatOption } from "../cards/compat.ts";
import {
  AVATAR_SHAPES,
  CACHE_SECONDS,
  CARD_TYPES,
  IDLE_MESSAGE_MAX,
  IGNORE_APP_IDS_MAX,
  PROGRESS,
  WIDTH,
} from "../cards/options.ts";
import { THEMES } from "../cards/themes.ts";
import type { Json } from "./common.ts";

const _bool = { type: "string", enum: ["true", "false", "1", "0", ""] };
const _hex = { type: "string", pattern: "^([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}|transparent)$" };

function _query(name: string, schema: Json, description: string): Json {
  return { name, in: "query", required: false, schema, description };
}

const _headers = {
  "Cache-Control": {
    description:
      "A card: `public, max-age=<n>, s-maxage=<n>, stale-while-revalidate=<n>` with `n` = `cache_seconds` " +
      "within the server's `CARD_CACHE_MIN_SECONDS`–`CARD_CACHE_MAX_SECONDS` (0: `no-cache, max-age=0`). " +
      "An error card: `public, max-age=10`.",
    schema: { type: "string" },
  },
  "Content-Security-Policy": { description: "Always `" + CARD_CSP + "`.", schema: { type: "string" } },
};

/** `GET /cards/{file}` and `GET /api/{id}`: every answer is an image with HTTP 200, errors included. */
export const cardPaths: Record<string, Json> = {
  "/cards/{file}": {
    get: {
      tags: ["Cards"],
      summary: "`/cards/<id>.svg|png`: a profile or now-playing card for a README",
      description:
        "Errors (unknown user, malformed id, bad option, a deeper path such as `/cards/<id>.svg/x`) " +
        "are an error card with HTTP 200 and `Cache-Control: public, max-age=10`, because " +
        "GitHub's image proxy caches any other status as a broken image. `ETag` + `If-None-Match` → 304. Over the card budget the answer is the " +
        "429 JSON envelope, not a card.",
      parameters: [
        {
          name: "file",
          in: "path",
          required: true,
          schema: { type: "string", pattern: "^[1-9][0-9]{16,19}\\.(svg|png)$" },
        },
        _query("card", { type: "string", enum: [...CARD_TYPES], default: "profile" }, "The design."),
        _query("theme", { type: "string", enum: Object.keys(THEMES), default: "dark" }, "Colour theme."),
        _query("bg", _hex, "Background colour, hex without `#`, or `transparent`."),
        _query("accent", _hex, "Accent colour (labels, progress bar), hex without `#`."),
        _query("radius", { type: "integer", minimum: 0, maximum: 40, default: 10 }, "Corner radius in px."),
        _query("hide_status", _bool, "Hide the status dot."),
        _query("hide_custom_status", _bool, "Hide the custom status."),
        _query(
          "ignore_app_id",
          { type: "string", pattern: "^[0-9]{15,21}(,[0-9]{15,21})*$" },
          `Up to ${IGNORE_APP_IDS_MAX} comma-separated application ids whose activities are left out.`,
        ),
        _query(
          "hide_activity",
          { type: "string", enum: [..._bool.enum, "when_not_used"] },
          "Hide the activity section (always, or when idle).",
        ),
        _query("hide_spotify", _bool, "Profile card: do not show what is playing."),
        _query("hide_badges", _bool, "Hide profile badges."),
        _query("hide_profile", _bool, "Hide the avatar and name row."),
        _query("hide_timestamp", _bool, "Hide elapsed / total times."),
        _query("hide_decoration", _bool, "Hide the avatar decoration."),
        _query("idle_message", { type: "string", maxLength: IDLE_MESSAGE_MAX }, "Text shown when nothing is going on."),
        _query("show_display_name", _bool, "Show the display name (and @username) instead of the username."),
        _query(
          "progress",
          { type: "string", enum: [...PROGRESS], default: "full" },
          "Progress bar with times, bar only, none, or with times and never moving (`static`).",
        ),
        _query("animated", { ..._bool, default: "true" }, "SVG: the progress bar moves on by itself until the track ends."),
        _query("avatar_shape", { type: "string", enum: [...AVATAR_SHAPES], default: "circle" }, "Avatar shape."),
        _query("avatar_radius", { type: "integer", minimum: 0, maximum: 32, default: 10 }, "Corner radius of a square avatar in px."),
        _query("width", { type: "integer", minimum: WIDTH.min, maximum: WIDTH.max, default: WIDTH.default }, "Card width in px."),
        _query("scale", { type: "integer", minimum: 1, maximum: 2, default: 1 }, "PNG only: pixel density."),
        _query(
          "cache_seconds",
          { type: "integer", minimum: CACHE_SECONDS.min, maximum: CACHE_SECONDS.max, default: CACHE_SECONDS.default },
          "`Cache-Control` max-age of a successful card.",
        ),
      ],
      responses: {
        "200": {
          description: "The card, or an error card.",
          headers: _headers,
          content: {
            "image/svg+xml": { schema: { type: "string" } },
            "image/png": { schema: { type: "string", contentMediaType: "image/png" } },
          },
        },
        "304": { description: "Not modified (`If-None-Match` matched the `ETag`)." },
      },
    },
  },
  "/api/{id}": {
    get: {
      tags: ["Cards"],
      summary: "lanyard-profile-readme's URL: the same SVG cards with its option names",
      description:
        "Existing `https://<host>/api/<id>?…` README links work by changing only the host. Their options " +
        "are read with their semantics (a boolean is true only for `true`; `hideStatus` is the custom " +
        "status) and mapped as `x-card-option` says; an option that cannot be drawn is accepted and " +
        "ignored, and a value it does not know leaves the default — never an error card. The options " +
        "of `/cards/{file}` are accepted too, validated as there. Always SVG.",
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[1-9][0-9]{16,19}$" } },
        ...COMPAT_OPTIONS.map(_compatParameter),
      ],
      responses: {
        "200": {
          description: "The card, or an error card (bad id, unknown user, bad value of a `/cards/` option).",
          headers: _headers,
          content: { "image/svg+xml": { schema: { type: "string" } } },
        },
        "304": { description: "Not modified (`If-None-Match` matched the `ETag`)." },
      },
    },
  },
};

// --- internal ---

/**
 * One lanyard-profile-readme option, with `x-card-option` (`{ option, kind, map?, range?,
 * defaultTrue? }`, or `null` when ignored): the playground's builder reads it to write such URLs.
 */
function _compatParameter(row: CompatOption): Json {
  const { option, kind, map, range, defaultTrue } = row;
  const description = `${row.from === "fork" ? "(kyrie25 fork) " : ""}There: ${row.values}. Here: ${option ? `\`${option}\`` : "ignored"} — ${row.note}.`;
  return {
    ..._query(row.name, { type: "string" }, description),
    "x-card-option": option ? { option, kind, map, range, defaultTrue } : null,
  };
}
