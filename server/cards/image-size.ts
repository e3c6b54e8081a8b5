/**
 * Asks the CDNs for images at the size a card draws them (twice that, for `scale=2`), not the
 * 256–640 px the canonical model links to: every render decodes and scales each embedded image
 * again, so a smaller image is a faster PNG and a lighter SVG.
 * @see README.md#cards
 */

import type { BuildOptions } from "../presence/types.ts";

/** Spotify's album art id prefixes: 640 px and 300 px JPEGs of the same cover. */
const _SPOTIFY_640 = "ab67616d0000b273";
const _SPOTIFY_300 = "ab67616d00001e02";

/**
 * The URL of `url` for drawing at `displayPx` CSS px: Discord CDN URLs get `size` set to the
 * smallest power of two (what the CDN accepts) covering 2× the display size; Spotify's 640 px
 * art becomes its 300 px variant when that is enough. Other URLs are returned unchanged.
 * @example
 * sizedImageUrl("https://cdn.discordapp.com/avatars/1/a.png?size=256", 64, {}); // "…/a.png?size=128"
 */
export function sizedImageUrl(url: string | null | undefined, displayPx: number, urls: BuildOptions): string | null {
  if (!url) return null;
  const { cdnUrl = "https://cdn.discordapp.com", spotifyImageUrl = "https://i.scdn.co/image" } = urls;
  const wanted = displayPx * 2;
  if (url.startsWith(`${cdnUrl}/`)) {
    const parsed = new URL(url);
    parsed.searchParams.set("size", String(Math.min(4096, Math.max(16, 2 ** Math.ceil(Math.log2(wanted))))));
    return parsed.href;
  }
  if (url.startsWith(`${spotifyImageUrl}/${_SPOTIFY_640}`) && wanted <= 300) {
    return url.replace(`/${_SPOTIFY_640}`, `/${_SPOTIFY_300}`);
  }
  return url;
}
