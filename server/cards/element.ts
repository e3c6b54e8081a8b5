/**
 * Satori's element objects without JSX: `{ type, props: { style, children } }`.
 * @see README.md#cards
 */

/** What satori accepts as a node. */
export type Node = CardElement | string | null | false | undefined;

/** One satori element. */
export interface CardElement {
  type: string;
  key?: null;
  props: Record<string, unknown> & { style?: Record<string, unknown>; children?: Node | Node[] };
}

/** A CSS style object, as satori reads it. */
export type Style = Record<string, string | number | undefined>;

/**
 * A `div` with a style and children (satori needs `display: flex` on every multi-child div).
 * @example
 * box({ flexDirection: "column" }, box({}, "Hello"), "World");
 */
export function box(style: Style, ...children: Node[]): CardElement {
  return { type: "div", props: { style: { display: "flex", ...style }, children } };
}

/**
 * One line of text, cut with an ellipsis when it does not fit. `lineClamp` (which needs a block)
 * rather than `overflow: hidden`: satori draws the same ellipsis either way, but wraps an
 * overflow box in a clip path, and resvg spends about 0.2 ms per clip on every PNG.
 */
export function line(style: Style, text: string): CardElement {
  return box({ display: "block", lineClamp: 1, ...style }, glueEmoji(text));
}

/**
 * Glues every emoji to what follows it (a following space becomes a no-break space, otherwise a
 * word joiner is put after it), so a line never breaks right after an emoji. satori 0.63 drops
 * the ellipsis when the last thing kept on a clamped line is an emoji (drawn as an image, which
 * it cannot cut): glued, the emoji moves to the hidden part with its neighbour and the "…" stays.
 * @example
 * glueEmoji("Live 🎵🔥 — Wembley"); // "Live 🎵\u2060🔥\u00a0— Wembley"
 */
export function glueEmoji(text: string): string {
  return text.replace(_EMOJI, (_match, emoji: string, space: string) => emoji + (space ? "\u00a0" : "\u2060"));
}

/** An `img` from a data URI, or a plain filled box (the placeholder) when `src` is `null`. */
export function image(src: string | null, style: Style & { width: number; height: number }, fill: string): CardElement {
  if (!src) return box({ ...style, backgroundColor: fill });
  return { type: "img", props: { src, width: style.width, height: style.height, style } };
}

// An emoji with its presentation selector, modifiers and ZWJ sequence, then an optional space.
const _EMOJI = /(\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*)( ?)/gu;

/** `m:ss` (or `h:mm:ss`) of a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** `by <artist>`, without doubling a "by " some players (Apple Music) already put in `state`. */
export function byArtist(artist: string): string {
  return `by ${artist.replace(/^by\s+/i, "")}`;
}
