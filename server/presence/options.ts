/**
 * Defaults of the builders' URL options.
 * @see README.md#configuration
 */

import type { BuildOptions } from "./types.ts";

/**
 * The URLs the pure builders point at when `BuildOptions` leaves them out. Every base is written
 * without a trailing slash; a configured base must follow the same rule (config.ts validates it).
 *
 * @example
 * buildPresence(id, state, { ...BUILD_DEFAULTS, cdnUrl: "http://127.0.0.1:8790/cdn" });
 */
export const BUILD_DEFAULTS = {
  cdnUrl: "https://cdn.discordapp.com",
  spotifyImageUrl: "https://i.scdn.co/image",
  mediaProxyUrl: "https://media.discordapp.net",
} as const satisfies Required<BuildOptions>;
