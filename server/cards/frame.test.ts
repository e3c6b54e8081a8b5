import { describe, expect, it } from "vitest";
import { cardFrame } from "./frame.ts";

describe("cardFrame", () => {
  it("draws the border of an opaque card as a box around the background, without a CSS border", () => {
    const frame = cardFrame({ bg: "#1e1f22", border: "#2b2d31", radius: 10 }, { padding: 16 }, "x");
    expect(frame.props.style).toMatchObject({ backgroundColor: "#2b2d31", padding: 1, borderRadius: 10 });
    const inner = (frame.props.children as any[])[0];
    expect(inner.props.style).toMatchObject({ backgroundColor: "#1e1f22", padding: 16, borderRadius: 9 });
    expect(JSON.stringify(frame)).not.toContain("solid");
  });

  it.each(["transparent", "#1e1f2280"])("keeps a CSS border on a see-through background (%s)", (bg) => {
    const frame = cardFrame({ bg, border: "#2b2d31", radius: 0 }, { padding: 16 }, "x");
    expect(frame.props.style).toMatchObject({ backgroundColor: bg, border: "1px solid #2b2d31", padding: 16 });
  });
});
