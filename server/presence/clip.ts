/**
 * Presence text clipped to Discord's own limits before anything reads it: Discord never sends
 * longer values, so a longer one comes from a broken or hostile source, and unclipped it would
 * make every dialect's JSON and every card layout cost as much as the sender likes.
 * @see README.md#the-canonical-presence-model
 */

import type { RawActivity, RawUser } from "./types.ts";

/**
 * Discord's limits, in characters (Unicode code points), on the text fields presence-kit serves.
 * Names: the user object docs (username 2–32, global_name 1–32); guild tags are 4. Activities:
 * Rich Presence's 128 for name, details, state (the custom status text too) and the image texts;
 * 32 for an emoji name and a button label (at most 2 buttons); 128 for a party id; 512 for a URL.
 */
export const DISCORD_TEXT_LIMITS = {
  username: 32,
  globalName: 32,
  guildTag: 4,
  activityText: 128,
  emojiName: 32,
  buttonLabel: 32,
  buttons: 2,
  partyId: 128,
  url: 512,
} as const;

/**
 * The first `max` code points of `text`, never splitting a surrogate pair; `text` itself when it
 * is short enough. Linear in `max`, not in the length of `text`.
 * @example
 * clipText("a".repeat(10_000), 32).length; // 32
 * clipText("😀😀😀", 2); // "😀😀"
 */
export function clipText(text: string, max: number): string {
  // UTF-16 length ≥ code points, so a short string is done without a scan.
  if (text.length <= max) return text;
  let end = 0;
  for (let count = 0; count < max && end < text.length; count++) {
    end += _isPairAt(text, end) ? 2 : 1;
  }
  return end === text.length ? text : text.slice(0, end);
}

/**
 * The raw user with its names (`username`, `global_name`, `display_name`, guild `tag`) clipped;
 * the very same object when nothing is over, and the same copy for the same raw object (so a
 * builder can still tell an unchanged user by identity).
 * @example
 * clipUser({ id: "1", username: "x".repeat(100) }).username.length; // 32
 */
export function clipUser(raw: RawUser): RawUser {
  const known = _users.get(raw);
  if (known) return known;
  const { username, globalName, guildTag } = DISCORD_TEXT_LIMITS;
  const copy = _withChanges(raw, {
    username: _clip(raw.username, username),
    global_name: _clip(raw.global_name, globalName),
    display_name: _clip(raw.display_name, globalName),
    primary_guild: _nested(raw.primary_guild, "tag", guildTag),
    clan: _nested(raw.clan, "tag", guildTag),
  });
  if (copy !== raw) _users.set(raw, copy);
  return copy;
}

/**
 * The raw activity with its texts clipped (name, details, state, image texts, emoji name,
 * button labels and count, party id, url); the same object when nothing is over.
 * @example
 * clipActivity({ name: "x", type: 4, state: "y".repeat(500) }).state?.length; // 128
 */
export function clipActivity(activity: RawActivity): RawActivity {
  const { activityText: text, emojiName, partyId, url } = DISCORD_TEXT_LIMITS;
  return _withChanges(activity, {
    name: _clip(activity.name, text),
    details: _clip(activity.details, text),
    state: _clip(activity.state, text),
    url: _clip(activity.url, url),
    assets: _nested(_nested(activity.assets, "large_text", text), "small_text", text),
    emoji: _nested(activity.emoji, "name", emojiName),
    party: _nested(activity.party, "id", partyId),
    buttons: _buttons(activity.buttons),
  });
}

// --- internal ---

/** Clipped copies of raw users; weak, so a replaced user object frees its copy. */
const _users = new WeakMap<RawUser, RawUser>();

function _isPairAt(text: string, i: number): boolean {
  const hi = text.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff || i + 1 >= text.length) return false;
  const lo = text.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}

/** Clips strings; any other value (absent, null, a wrong type) is returned as it is. */
function _clip<T>(value: T, max: number): T {
  return (typeof value === "string" ? clipText(value, max) : value) as T;
}

/** `object` itself when no value differs from its own; else a copy with the new values. */
function _withChanges<T extends object>(object: T, values: Partial<T>): T {
  let copy: T | undefined;
  for (const key in values) {
    if (values[key] === object[key]) continue;
    copy ??= { ...object };
    copy[key] = values[key]!;
  }
  return copy ?? object;
}

/** `value` with its string field `key` clipped, copied only when clipped. */
function _nested<T>(value: T, key: string, max: number): T {
  if (!value || typeof value !== "object") return value;
  const field = (value as Record<string, unknown>)[key];
  const clipped = _clip(field, max);
  return clipped === field ? value : ({ ...value, [key]: clipped } as T);
}

function _buttons(buttons: unknown): string[] | undefined {
  if (!Array.isArray(buttons)) return buttons as undefined;
  const { buttons: most, buttonLabel } = DISCORD_TEXT_LIMITS;
  const out = buttons.slice(0, most).map((b) => _clip(b, buttonLabel));
  const same = out.length === buttons.length && out.every((b, i) => b === buttons[i]);
  return same ? (buttons as string[]) : out;
}
