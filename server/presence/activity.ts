/**
 * Small pure helpers over raw Discord activities: types and asset image URLs.
 * @see https://discord.com/developers/docs/events/gateway-events#activity-object
 */

import { BUILD_DEFAULTS } from "./options.ts";
import type { BuildOptions, RawActivity } from "./types.ts";

/** Discord's activity types. */
export const ACTIVITY_TYPE = {
  Playing: 0,
  Streaming: 1,
  Listening: 2,
  Watching: 3,
  Custom: 4,
  Competing: 5,
} as const;

/**
 * Whether an activity is a "Listening to …" activity, from any player (Spotify, Apple Music,
 * Tidal, YouTube Music through a Rich Presence app…).
 *
 * @example
 * activities.filter(isListening);
 */
export function isListening(activity: RawActivity): boolean {
  return activity.type === ACTIVITY_TYPE.Listening;
}

/**
 * The album line of a listening activity: `assets.large_text`, or, in the legacy case where
 * `assets` is itself a string, that string (Lanyard's rule); `null` otherwise.
 */
export function activityAlbum(activity: RawActivity): string | null {
  const assets = activity.assets as unknown;
  if (typeof assets === "string") return assets;
  return activity.assets?.large_text ?? null;
}

/**
 * The image URL of an activity asset (`assets.large_image` / `small_image`), following Discord's
 * asset prefixes. Only forms that map to a stable https URL without a network call are resolved:
 *
 * | Asset | URL |
 * |---|---|
 * | `spotify:<id>` (exactly two `:`-parts) | `{spotifyImageUrl}/<id>` |
 * | `mp:<path>` (e.g. `mp:external/…`) | `{mediaProxyUrl}/<path>` |
 * | `<numeric id>` with an `applicationId` | `{cdnUrl}/app-assets/<app>/<id>.png` |
 * | `https://…` (sent by some custom sources) | as-is |
 *
 * Anything else (`youtube:`, `twitch:`, `http:`, a missing or empty image) gives `null`.
 *
 * @example
 * assetImageUrl("spotify:ab67616d0000b273", {}); // "https://i.scdn.co/image/ab67616d0000b273"
 * assetImageUrl("mp:external/abc/https/x.png", {});
 * // "https://media.discordapp.net/external/abc/https/x.png"
 */
export function assetImageUrl(
  image: string | null | undefined,
  options: BuildOptions & { applicationId?: string | null } = {},
): string | null {
  if (typeof image !== "string" || image === "") return null;
  const colon = image.indexOf(":");
  if (colon === -1) {
    const { cdnUrl = BUILD_DEFAULTS.cdnUrl, applicationId } = options;
    return applicationId && _DIGITS.test(image)
      ? `${cdnUrl}/app-assets/${applicationId}/${image}.png`
      : null;
  }
  const prefix = image.slice(0, colon);
  const rest = image.slice(colon + 1);
  if (prefix === "spotify") {
    // Lanyard splits on ":" and wants exactly two parts; an empty id would give a broken URL.
    const { spotifyImageUrl = BUILD_DEFAULTS.spotifyImageUrl } = options;
    return rest !== "" && !rest.includes(":") ? `${spotifyImageUrl}/${rest}` : null;
  }
  if (prefix === "mp") {
    const { mediaProxyUrl = BUILD_DEFAULTS.mediaProxyUrl } = options;
    return rest !== "" ? `${mediaProxyUrl}/${rest}` : null;
  }
  if (prefix === "https" && rest.startsWith("//") && rest.length > 2) return image;
  return null;
}

// --- internal ---

const _DIGITS = /^\d+$/;
