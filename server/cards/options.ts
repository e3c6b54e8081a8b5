/**
 * Card options from the query string: parsed and validated in one place, so a bad value becomes
 * an error card naming the option instead of a surprising card.
 * @see README.md#cards
 */

import { isSnowflake } from "../presence/user.ts";
import { isThemeName, THEMES, type Theme, type ThemeName } from "./themes.ts";

/** Bounds of `width`, in CSS pixels. */
export const WIDTH = { min: 300, max: 800, default: 500 } as const;

/** Bounds of `cache_seconds`; the default suits a README (GitHub's proxy honours it). */
export const CACHE_SECONDS = { min: 0, max: 86_400, default: 60 } as const;

/** `Cache-Control` max-age of error cards: short, so a fixed URL or user shows up soon. */
export const ERROR_CACHE_SECONDS = 10;

/** Longest `idle_message`, in characters. */
export const IDLE_MESSAGE_MAX = 100;

/** The card designs: `profile` (the default) and `spotify` (now playing). */
export const CARD_TYPES = ["profile", "spotify"] as const;

/**
 * Values of `progress`: the bar with elapsed / total times, the bar only, nothing, or the full row
 * without the animation (`static`).
 */
export const PROGRESS = ["full", "bar", "none", "static"] as const;

/** Shapes of the avatar: a circle (Discord's) or a square with `avatar_radius` corners. */
export const AVATAR_SHAPES = ["circle", "square"] as const;

/** Most ids `ignore_app_id` may list. */
export const IGNORE_APP_IDS_MAX = 20;

/** Every option a card accepts, validated. */
export interface CardOptions {
  /** @default "profile" */
  card: (typeof CARD_TYPES)[number];
  /** @default "dark" */
  theme: ThemeName;
  /** The theme's colours with `bg` / `accent` applied. */
  colors: Theme;
  /** Corner radius in px, 0–40. @default 10 */
  radius: number;
  /** Hide the status dot. */
  hideStatus: boolean;
  /** Hide the custom status (lanyard-profile-readme's `hideStatus`). */
  hideCustomStatus: boolean;
  /** Activities of these application ids are left out, as if absent. @default [] */
  ignoreAppIds: string[];
  /** `true`, or `"when_not_used"`: hide the activity section only when there is nothing to show. */
  hideActivity: boolean | "when_not_used";
  hideSpotify: boolean;
  hideBadges: boolean;
  hideProfile: boolean;
  hideTimestamp: boolean;
  hideDecoration: boolean;
  /** @default "I'm not currently doing anything!" */
  idleMessage: string;
  showDisplayName: boolean;
  /** @default "full" */
  progress: (typeof PROGRESS)[number];
  /** SVG: the progress bar moves on by itself until the track ends (CSS animation). @default true */
  animated: boolean;
  /** @default "circle" */
  avatarShape: (typeof AVATAR_SHAPES)[number];
  /** Corner radius of a square avatar in px, 0–32. @default 10 */
  avatarRadius: number;
  /** @default 500 */
  width: number;
  /** PNG scale factor, 1 or 2. @default 1 */
  scale: 1 | 2;
  /** @default 60 */
  cacheSeconds: number;
}

/** A query value that failed validation: the error card shows it. */
export class CardOptionError extends Error {
  /** The query parameter at fault. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
    this.name = "CardOptionError";
  }
}

/**
 * Validates a query. Unknown option names are ignored (links outlive versions); a known option
 * with a bad value throws {@link CardOptionError}. Booleans accept `true`/`false`/`1`/`0`.
 * @example
 * parseCardOptions(new URLSearchParams("theme=nord&width=600")).width; // 600
 */
export function parseCardOptions(query: URLSearchParams): CardOptions {
  const get = (name: string) => _single(query, name);
  const theme = get("theme") ?? "dark";
  if (!isThemeName(theme)) {
    throw new CardOptionError("theme", `theme must be one of ${Object.keys(THEMES).join(", ")}`);
  }
  const colors: Theme = { ...THEMES[theme] };
  const bg = get("bg");
  if (bg !== undefined) colors.bg = _color("bg", bg);
  const accent = get("accent");
  if (accent !== undefined) colors.accent = _color("accent", accent);
  const hideActivity = get("hide_activity");
  const idleMessage = get("idle_message") ?? "I'm not currently doing anything!";
  if ([...idleMessage].length > IDLE_MESSAGE_MAX) {
    throw new CardOptionError("idle_message", `idle_message is longer than ${IDLE_MESSAGE_MAX} characters`);
  }
  return {
    card: _oneOf("card", get("card") ?? "profile", CARD_TYPES),
    theme,
    colors,
    radius: _int("radius", get("radius"), 0, 40, 10),
    hideStatus: _bool("hide_status", get("hide_status")),
    hideCustomStatus: _bool("hide_custom_status", get("hide_custom_status")),
    ignoreAppIds: _ids("ignore_app_id", get("ignore_app_id")),
    hideActivity: hideActivity === "when_not_used" ? "when_not_used" : _bool("hide_activity", hideActivity),
    hideSpotify: _bool("hide_spotify", get("hide_spotify")),
    hideBadges: _bool("hide_badges", get("hide_badges")),
    hideProfile: _bool("hide_profile", get("hide_profile")),
    hideTimestamp: _bool("hide_timestamp", get("hide_timestamp")),
    hideDecoration: _bool("hide_decoration", get("hide_decoration")),
    idleMessage,
    showDisplayName: _bool("show_display_name", get("show_display_name")),
    progress: _oneOf("progress", get("progress") ?? "full", PROGRESS),
    animated: _bool("animated", get("animated"), true),
    avatarShape: _oneOf("avatar_shape", get("avatar_shape") ?? "circle", AVATAR_SHAPES),
    avatarRadius: _int("avatar_radius", get("avatar_radius"), 0, 32, 10),
    width: _int("width", get("width"), WIDTH.min, WIDTH.max, WIDTH.default),
    scale: _int("scale", get("scale"), 1, 2, 1) as 1 | 2,
    cacheSeconds: _int("cache_seconds", get("cache_seconds"), CACHE_SECONDS.min, CACHE_SECONDS.max, CACHE_SECONDS.default),
  };
}

// --- internal ---

function _single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new CardOptionError(name, `${name} is given more than once`);
  return values[0];
}

function _bool(name: string, value: string | undefined, fallback = false): boolean {
  if (value === undefined) return fallback;
  if (value === "false" || value === "0") return false;
  if (value === "true" || value === "1" || value === "") return true;
  throw new CardOptionError(name, `${name} must be true or false`);
}

/** A comma-separated list of Discord ids (empty items are skipped). */
function _ids(name: string, value: string | undefined): string[] {
  const ids = (value ?? "").split(",").map((id) => id.trim()).filter(Boolean);
  if (ids.length > IGNORE_APP_IDS_MAX || ids.some((id) => !isSnowflake(id))) {
    throw new CardOptionError(name, `${name} must be up to ${IGNORE_APP_IDS_MAX} comma-separated application ids`);
  }
  return ids;
}

function _int(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CardOptionError(name, `${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

function _oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CardOptionError(name, `${name} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** Hex without `#` (3, 6 or 8 digits, like the anchors) or `transparent`. */
function _color(name: string, value: string): string {
  if (value === "transparent") return "transparent";
  if (/^([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)) return `#${value.toLowerCase()}`;
  throw new CardOptionError(name, `${name} must be a hex colour without # (e.g. 1e1f22) or transparent`);
}
