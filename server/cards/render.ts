/**
 * Card rendering: satori lays the element out to SVG (text as glyph paths, so viewers need no
 * fonts), resvg rasterises that SVG to PNG. Nothing here touches the network.
 * @see README.md#cards
 */

import { renderAsync } from "@resvg/resvg-js";
import satori, { type SatoriOptions } from "satori";
import type { CardElement } from "./element.ts";
import { emojiDataUri } from "./emoji.ts";
import { baseFonts, cjkFontsFor } from "./fonts.ts";
import { animateProgress, labelSvg, type ProgressMotion, type SvgLabel } from "./svg-motion.ts";

/** A rendered card. */
export interface RenderedCard {
  body: Buffer;
  contentType: "image/svg+xml; charset=utf-8" | "image/png";
  /** Set when an image was drawn as a placeholder for want of a fetch (see `CardData`). */
  placeholder?: true;
}

/** How {@link renderCard} draws an element. */
export interface RenderOptions {
  /** CSS px. */
  width: number;
  /** CSS px; without it satori sizes the card to its content. */
  height?: number;
  format: "svg" | "png";
  /** PNG pixel density, 1 or 2. @default 1 */
  scale?: number;
  /** SVG: `<title>` and `<desc>` (with `role="img"`). */
  label?: SvgLabel;
  /** SVG: the progress bar to animate (its fill drawn in `PROGRESS_MARK`). */
  motion?: ProgressMotion;
}

/**
 * Renders an element of `width` × `height` CSS px to SVG, or to PNG at `scale` (1 or 2).
 * @example
 * const { body } = await renderCard(errorCard("Oops", "…"), { width: 500, height: 80, format: "png", scale: 2 });
 */
export async function renderCard(element: CardElement, options: RenderOptions): Promise<RenderedCard> {
  const { width, height, format, scale = 1, label, motion } = options;
  let svg = await toSvg(element, width, height);
  if (format === "svg") {
    if (motion) svg = animateProgress(svg, motion);
    if (label) svg = labelSvg(svg, label);
    return { body: Buffer.from(svg), contentType: "image/svg+xml; charset=utf-8" };
  }
  const png = await renderAsync(svg, {
    fitTo: { mode: "width", value: width * scale },
    // satori already turned text into paths; system fonts would only cost time.
    font: { loadSystemFonts: false },
  });
  return { body: png.asPng(), contentType: "image/png" };
}

/** satori alone: the element as an SVG string. */
export async function toSvg(element: CardElement, width: number, height?: number): Promise<string> {
  return satori(element as Parameters<typeof satori>[0], {
    width,
    height,
    fonts: baseFonts(),
    loadAdditionalAsset: _loadAsset,
    // A bad style value would otherwise fail the whole card; dropping the one property is better.
    onStyleError: () => {},
  } as SatoriOptions);
}

// --- internal ---

async function _loadAsset(code: string, segment: string): Promise<string | SatoriOptions["fonts"]> {
  if (code === "emoji") return emojiDataUri(segment) ?? [];
  return cjkFontsFor(segment);
}
