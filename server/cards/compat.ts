/**
 * lanyard-profile-readme's query vocabulary (camelCase, and its kyrie25 fork's additions) mapped
 * onto ours, in one table: `GET /api/:id` translates with it, the OpenAPI document lists it, the
 * README's table is generated from it and the playground builder reads it from the document.
 * Their semantics are kept: a boolean is true only for the literal `true`, a value they would
 * not honour leaves the default, and an option we cannot draw is accepted and ignored — a README
 * that worked there never turns into an error card here.
 * @see README.md#lanyard-profile-readme-urls
 */

import { IDLE_MESSAGE_MAX, IGNORE_APP_IDS_MAX } from "./options.ts";
import { isSnowflake } from "../presence/user.ts";
import { THEMES } from "./themes.ts";

/**
 * How a value is read. `boolean`: only the literal `true` is true (or, with `defaultTrue`, only
 * `false` is false); `enum`: the listed values, others leave the default; `px`: a CSS length in
 * px (`10px` or `10`), clamped to `range`; `text`: cut to `max` characters; `color`: hex without
 * `#` or `transparent`; `ids`: a comma list of Discord ids; `ignored`: accepted, no effect.
 */
export type CompatKind = "boolean" | "enum" | "px" | "text" | "color" | "ids" | "ignored";

/** One lanyard-profile-readme option. */
export interface CompatOption {
  /** The query name there. */
  name: string;
  /** `upstream` (cnrad/lanyard-profile-readme) or `fork` (kyrie25/lanyard-profile-readme). */
  from: "upstream" | "fork";
  /** The values it takes there, as its README says. */
  values: string;
  kind: CompatKind;
  /** Our option it becomes (README "Cards"), or `null` when ignored. */
  option: string | null;
  /** `enum`: their value → ours. */
  map?: Readonly<Record<string, string>>;
  /** `boolean`: true unless the literal `false`. */
  defaultTrue?: boolean;
  /** `px`: the range of our option. */
  range?: readonly [number, number];
  /** What it does here; for an ignored option, why. */
  note: string;
}

const _themes = Object.fromEntries(Object.keys(THEMES).map((t) => [t, t]));
const _ignored = (name: string, from: CompatOption["from"], values: string, note: string): CompatOption => ({
  name,
  from,
  values,
  kind: "ignored",
  option: null,
  note,
});

/** Every option of lanyard-profile-readme and its fork, in their READMEs' order. */
export const COMPAT_OPTIONS: readonly CompatOption[] = [
  { name: "theme", from: "upstream", values: "`light`, `dark`", kind: "enum", option: "theme", map: _themes, note: "our themes work too; any other value is `dark`, as there" },
  { name: "bg", from: "upstream", values: "hex without `#`", kind: "color", option: "bg", note: "background; `transparent` too" },
  { name: "borderRadius", from: "upstream", values: "CSS length, `10px`", kind: "px", option: "radius", range: [0, 40], note: "px only (`10px` or `10`), 0–40; other units leave 10" },
  { name: "animated", from: "upstream", values: "boolean, default `true`", kind: "boolean", option: "animated", defaultTrue: true, note: "there an animated avatar; cards draw still images, and `false` stops the moving progress bar" },
  _ignored("animatedDecoration", "upstream", "boolean", "decorations are drawn still"),
  { name: "hideDecoration", from: "upstream", values: "boolean", kind: "boolean", option: "hide_decoration", note: "hides the avatar decoration" },
  { name: "idleMessage", from: "upstream", values: "text", kind: "text", option: "idle_message", note: "the first 100 characters" },
  { name: "showDisplayName", from: "upstream", values: "boolean", kind: "boolean", option: "show_display_name", note: "display name with `@username` under it" },
  { name: "hideStatus", from: "upstream", values: "boolean", kind: "boolean", option: "hide_custom_status", note: "hides the **custom status** (our `hide_status` hides the dot)" },
  { name: "hideTimestamp", from: "upstream", values: "boolean", kind: "boolean", option: "hide_timestamp", note: "hides elapsed / total times" },
  _ignored("hideTag", "upstream", "boolean", "the server tag is not drawn"),
  { name: "hideBadges", from: "upstream", values: "boolean", kind: "boolean", option: "hide_badges", note: "hides the badges" },
  { name: "hideProfile", from: "upstream", values: "boolean", kind: "boolean", option: "hide_profile", note: "hides the avatar and name row" },
  { name: "hideActivity", from: "upstream", values: "`true`, `whenNotUsed`", kind: "enum", option: "hide_activity", map: { true: "true", whenNotUsed: "when_not_used" }, note: "`whenNotUsed` hides it only when there is nothing to show" },
  { name: "hideSpotify", from: "upstream", values: "boolean", kind: "boolean", option: "hide_spotify", note: "leaves out what is playing" },
  { name: "ignoreAppId", from: "upstream", values: "comma-separated application ids", kind: "ids", option: "ignore_app_id", note: `activities of these apps are left out (the first ${IGNORE_APP_IDS_MAX} valid ids)` },
  _ignored("hideDiscrim", "upstream", "boolean (deprecated)", "Discord dropped discriminators; none is drawn"),
  _ignored("clanBackgroundColor", "upstream", "hex (undocumented)", "the server tag is not drawn"),
  { name: "imgStyle", from: "fork", values: "`circle`, `square`", kind: "enum", option: "avatar_shape", map: { circle: "circle", square: "square" }, note: "avatar shape" },
  { name: "imgBorderRadius", from: "fork", values: "CSS length, `10px`", kind: "px", option: "avatar_radius", range: [0, 32], note: "corners of a square avatar, px, 0–32" },
  { name: "useDisplayName", from: "fork", values: "boolean", kind: "boolean", option: "show_display_name", note: "same as `showDisplayName`" },
  { name: "animationDuration", from: "fork", values: "CSS time, `8s`", kind: "enum", option: "animated", map: { "0s": "false", "0": "false", "0ms": "false" }, note: "`0s` stops the moving progress bar (there: the wave); other durations are ignored" },
  _ignored("hideClan", "fork", "boolean", "the server tag is not drawn"),
  _ignored("clanbg", "fork", "hex", "the server tag is not drawn"),
  _ignored("hideNameplate", "fork", "boolean", "nameplates are not drawn"),
  _ignored("showBanner", "fork", "`true`, `animated`", "profile banners are not drawn"),
  _ignored("bannerFilter", "fork", "CSS filter", "no banner"),
  _ignored("waveColor", "fork", "hex", "no wave divider; use `accent`"),
  _ignored("waveSpotifyColor", "fork", "hex", "no wave divider; use `accent`"),
  _ignored("gradient", "fork", "hex list", "names are drawn in one colour"),
  _ignored("forceGradient", "fork", "boolean", "names are drawn in one colour"),
];

/**
 * A lanyard-profile-readme query in our vocabulary. Their names are translated; our own
 * snake_case options pass through as they are (and are validated as on `/cards/`), so
 * `/api/<id>?hideBadges=true&card=spotify` works. A value their semantics reads as "default"
 * is left out, so our default applies.
 * @example
 * fromCompatQuery(new URLSearchParams("hideActivity=whenNotUsed&borderRadius=4px")).toString();
 * // "radius=4&hide_activity=when_not_used"
 */
export function fromCompatQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of query) {
    if (!_BY_NAME.has(name)) out.append(name, value);
  }
  for (const row of COMPAT_OPTIONS) {
    const value = query.get(row.name);
    if (value === null || !row.option) continue;
    const ours = compatValue(row, value);
    if (ours !== undefined) out.set(row.option, ours);
  }
  return out;
}

/** One value read with its row's semantics: our option's value, or `undefined` for the default. */
export function compatValue(row: CompatOption, value: string): string | undefined {
  switch (row.kind) {
    case "boolean":
      if (row.defaultTrue) return value === "false" ? "false" : undefined;
      return value === "true" ? "true" : undefined;
    case "enum":
      return Object.hasOwn(row.map!, value) ? row.map![value] : undefined;
    case "px": {
      const match = /^(\d{1,4})(?:\.\d+)?(px)?$/.exec(value.trim());
      if (!match) return undefined;
      const [min, max] = row.range!;
      return String(Math.min(max, Math.max(min, Number(match[1]))));
    }
    case "text":
      return [...value].slice(0, IDLE_MESSAGE_MAX).join("");
    case "color":
      return /^([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8}|transparent)$/i.test(value) ? value : undefined;
    case "ids": {
      const ids = value.split(",").map((id) => id.trim()).filter(isSnowflake).slice(0, IGNORE_APP_IDS_MAX);
      return ids.length ? ids.join(",") : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The README table of {@link COMPAT_OPTIONS} (a test keeps README.md equal to it).
 * @example
 * compatMarkdownTable().split("\n")[0]; // "| option | from | values there | here | what it does here |"
 */
export function compatMarkdownTable(): string {
  const rows = COMPAT_OPTIONS.map((row) => {
    const here = row.option ? `\`${row.option}\`` : "ignored";
    return `| \`${row.name}\` | ${row.from} | ${row.values} | ${here} | ${row.note} |`;
  });
  return ["| option | from | values there | here | what it does here |", "|---|---|---|---|---|", ...rows].join("\n");
}

// --- internal ---

const _BY_NAME = new Set(COMPAT_OPTIONS.map((row) => row.name));
