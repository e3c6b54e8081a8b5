/**
 * What satori cannot draw, added to its SVG afterwards: a progress bar that moves on by itself
 * (satori ignores `@keyframes`) and the accessible name and description of the image.
 * @see README.md#cards
 */

/**
 * The colour a moving bar's fill is drawn in, so it can be found in satori's output and given
 * its real colour and the animation. Options only take hex colours, so no card draws this.
 */
export const PROGRESS_MARK = "rgba(1,2,3,0.5)";

/** A progress bar that grows from `ratio` to full in `remainingMs`, drawn in `color`. */
export interface ProgressMotion {
  color: string;
  ratio: number;
  remainingMs: number;
}

/** The accessible name (`<title>`) and description (`<desc>`) of a card. */
export interface SvgLabel {
  title: string;
  desc: string;
}

/**
 * Gives the marked bar fill (drawn at full width) its colour, its static width as a transform
 * (what a viewer without CSS animations shows), and a CSS animation to full width.
 * Without a marked fill the SVG is returned unchanged.
 * @example
 * animateProgress(svg, { color: "#1db954", ratio: 0.25, remainingMs: 150_000 });
 */
export function animateProgress(svg: string, { color, ratio, remainingMs }: ProgressMotion): string {
  let x: number | undefined;
  const r = ratio.toFixed(4);
  const out = svg.replace(_MARKED, (tag: string) => {
    x = Number(/ x="([-\d.]+)"/.exec(tag)?.[1] ?? 0);
    // Scaled about the bar's left edge; written as translate/scale/translate so it does not
    // depend on `transform-origin`, whose default differs between SVG viewers.
    const still = `translate(${x} 0) scale(${r} 1) translate(${-x} 0)`;
    return tag.replace(`fill="${PROGRESS_MARK}"`, `fill="${_attr(color)}" class="pk-progress" transform="${still}"`);
  });
  if (x === undefined) return svg;
  const left = x;
  const frame = (scale: string) => `transform:translateX(${left}px) scaleX(${scale}) translateX(${-left}px)`;
  const css =
    `@keyframes pk-progress{from{${frame(r)}}to{${frame("1")}}}` +
    `.pk-progress{animation:pk-progress ${Math.max(0, remainingMs / 1000).toFixed(3)}s linear forwards}` +
    // Visitors who ask for less motion get the still bar.
    `@media (prefers-reduced-motion:reduce){.pk-progress{animation:none}}`;
  return _afterOpenTag(out, `<style>${css}</style>`);
}

/**
 * Makes the SVG an image with a name for screen readers and GitHub's alt handling:
 * `role="img"`, `aria-labelledby`, and `<title>` + `<desc>` as its first children.
 * @example
 * labelSvg(svg, { title: "Discord presence of Lin", desc: "Online. Playing Celeste." });
 */
export function labelSvg(svg: string, { title, desc }: SvgLabel): string {
  const open = svg.replace(/^<svg /, '<svg role="img" aria-labelledby="pk-title pk-desc" ');
  return _afterOpenTag(open, `<title id="pk-title">${_text(title)}</title><desc id="pk-desc">${_text(desc)}</desc>`);
}

// --- internal ---

const _MARKED = new RegExp(`<path [^>]*fill="${PROGRESS_MARK.replace(/[().]/g, "\\$&")}"[^>]*>`, "g");

function _afterOpenTag(svg: string, insert: string): string {
  const end = svg.indexOf(">") + 1;
  return svg.slice(0, end) + insert + svg.slice(end);
}

function _text(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function _attr(text: string): string {
  return _text(text).replace(/"/g, "&quot;");
}
