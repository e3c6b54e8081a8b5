/**
 * The outer box of every card: background, 1 px border and rounded corners.
 * @see README.md#cards
 */

import { box, type CardElement, type Node, type Style } from "./element.ts";

/** Colours and radius of a card's frame. */
export interface FrameLook {
  bg: string;
  border: string;
  radius: number;
}

/**
 * A full-size card frame holding `children` laid out with `style` (padding, direction, gap…).
 * On an opaque background the border is drawn as a border-coloured box around a background box:
 * satori draws a rounded CSS border through a clip path, and clip paths are what cost resvg the
 * most per PNG. A translucent background keeps the CSS border (the outer box would show through).
 * @example
 * cardFrame({ bg: "#1e1f22", border: "#2b2d31", radius: 10 }, { padding: 16 }, line({}, "Hi"));
 */
export function cardFrame(look: FrameLook, style: Style, ...children: Node[]): CardElement {
  const full = { width: "100%", height: "100%", boxSizing: "border-box" } as const;
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(look.bg)) {
    const border = `1px solid ${look.border}`;
    return box({ ...full, backgroundColor: look.bg, border, borderRadius: look.radius, ...style }, ...children);
  }
  return box(
    { ...full, padding: 1, backgroundColor: look.border, borderRadius: look.radius },
    box(
      {
        flexGrow: 1,
        minWidth: 0,
        boxSizing: "border-box",
        backgroundColor: look.bg,
        borderRadius: Math.max(0, look.radius - 1),
        ...style,
      },
      ...children,
    ),
  );
}
