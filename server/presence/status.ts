/**
 * Presence status and client platforms: the two small normalisations every dialect shares.
 * @see README.md#the-canonical-presence-model
 */

import type { ClientPlatform, DiscordStatus, RawPresence } from "./types.ts";

/** The statuses presence-kit serves, in no particular order. */
export const DISCORD_STATUSES = ["online", "idle", "dnd", "offline"] as const;

/**
 * The client platforms in their fixed priority order. `clients.active` follows this order and
 * `clients.primary` is its first entry, so the "primary" client is the most capable one the user
 * is on (desktop > mobile > web > embedded > vr), the same priority Tether uses.
 */
export const CLIENT_PLATFORMS = ["desktop", "mobile", "web", "embedded", "vr"] as const;

/**
 * Normalises a raw Gateway status. `invisible` is served as `offline` (Discord never shows it to
 * others), and so is anything unknown, missing or `null` (no presence on record).
 *
 * @example
 * toDiscordStatus("dnd"); // "dnd"
 * toDiscordStatus("invisible"); // "offline"
 * toDiscordStatus(undefined); // "offline"
 */
export function toDiscordStatus(raw: string | null | undefined): DiscordStatus {
  switch (raw) {
    case "online":
    case "idle":
    case "dnd":
      return raw;
    default:
      return "offline";
  }
}

/**
 * The platforms a presence is active on and the primary one. A platform is active when its key is
 * present in `client_status`, whatever its value (Lanyard's rule).
 *
 * @example
 * toClients({ vr: "online", desktop: "idle" });
 * // { active: ["desktop", "vr"], primary: "desktop" }
 * toClients({}); // { active: [], primary: null }
 */
export function toClients(clientStatus: RawPresence["client_status"] | null | undefined): {
  active: ClientPlatform[];
  primary: ClientPlatform | null;
} {
  const active: ClientPlatform[] = [];
  if (clientStatus) {
    for (const platform of CLIENT_PLATFORMS) {
      if (Object.hasOwn(clientStatus, platform)) active.push(platform);
    }
  }
  return { active, primary: active.length > 0 ? active[0] : null };
}
