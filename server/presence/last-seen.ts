/**
 * `last_seen`: presence-kit's answer to Lanyard's most requested feature (Phineas/lanyard#232).
 * @see README.md#lanyard-rest
 */

import { toDiscordStatus } from "./status.ts";

/**
 * The `last_seen` to store after a status change, in milliseconds since the epoch.
 *
 * - New status not offline (online, idle, dnd): `now`, so it moves on every non-offline update
 *   and tells "seen just now" while the user is around.
 * - Not offline → offline: `now`, the moment they were last seen.
 * - Offline → offline: unchanged (`null` stays `null`: never seen since monitoring began).
 *
 * Statuses are normalised first, so `invisible`, unknown values and `null` (no presence on
 * record) all count as offline. Pure: the caller passes the clock.
 *
 * @example
 * const status = next.presence?.status ?? null;
 * const last_seen = nextLastSeen(
 *   { status: prev.presence?.status ?? null, last_seen: prev.last_seen },
 *   status,
 *   Date.now(),
 * );
 */
export function nextLastSeen(
  prev: { status: string | null | undefined; last_seen: number | null },
  nextStatus: string | null | undefined,
  now: number,
): number | null {
  if (toDiscordStatus(nextStatus) !== "offline") return now;
  if (toDiscordStatus(prev.status) !== "offline") return now;
  return prev.last_seen;
}
