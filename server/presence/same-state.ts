/**
 * Whether a diff would leave a user's state as it is. Member lists (GUILD_CREATE and the member
 * sync's GUILD_MEMBERS_CHUNK) repeat what the hub already holds for most members; writing those
 * again would bump every version and send every subscriber an identical event.
 */

import type { StateDiff } from "./hub-types.ts";
import type { UserState } from "./types.ts";

/**
 * True when applying `diff` to `state` changes no input of the builder: the user (a partial
 * `{ id }` user is ignored, as the hub ignores it), the presence and the KV.
 * @example
 * sameState(state, { presence: state.presence }); // true
 */
export function sameState(state: UserState, diff: StateDiff): boolean {
  if (diff.user && diff.user.username !== undefined && !_equal(diff.user, state.user)) return false;
  if (diff.presence !== undefined && !_equal(diff.presence, state.presence)) return false;
  return diff.kv === undefined || _equal(diff.kv, state.kv);
}

// --- internal ---

/** Structural equality of JSON values (what the Gateway sends and storage returns). */
function _equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((item, i) => _equal(item, list[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((key) => Object.hasOwn(y, key) && _equal(x[key], y[key]));
}
