/**
 * The CSS every element shares: the `--presence-*` custom properties with their light and dark
 * defaults on `:host`, the status colours, the progress bar and a visually hidden live region.
 */

/** Light defaults; the dark ones below replace them by media query or `theme="dark"`. */
const _LIGHT =
  "--presence-bg:#fff;--presence-fg:#1f2328;--presence-muted:#59636e;--presence-border:#d1d9e0;" +
  "--presence-track:#d1d9e0;";

const _DARK =
  "--presence-bg:#1e1f22;--presence-fg:#f2f3f5;--presence-muted:#b5bac1;--presence-border:#3f4147;" +
  "--presence-track:#4e5058;";

/** Styles of every element; each adds its own after these. */
export const BASE_CSS =
  `:host{${_LIGHT}--presence-accent:#1db954;--presence-radius:12px;` +
  "--presence-font:system-ui,-apple-system,'Segoe UI',sans-serif;--presence-online:#23a55a;" +
  "--presence-idle:#f0b232;--presence-dnd:#f23f43;--presence-offline:#80848e;" +
  // A block by default (set `display` on the element to change it), never wider than its parent.
  "display:block;position:relative;max-width:100%;box-sizing:border-box;" +
  "font:14px/1.4 var(--presence-font);color:var(--presence-fg)}" +
  `@media(prefers-color-scheme:dark){:host(:not([theme=light])){${_DARK}}}` +
  `:host([theme=dark]){${_DARK}}` +
  "[hidden]{display:none!important}" +
  ".sr{position:absolute;top:0;left:0;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);" +
  "white-space:nowrap}" +
  "[part~=dot]{display:inline-block;flex:none;width:.7em;height:.7em;border-radius:50%;" +
  "background:var(--presence-offline)}" +
  ".online{background:var(--presence-online)}.idle{background:var(--presence-idle)}" +
  ".dnd{background:var(--presence-dnd)}" +
  ".t{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}" +
  "[part~=muted],.m{color:var(--presence-muted);font-size:.86em}";

/** A box with the themed background, border and radius. */
export const BOX_CSS =
  "[part~=base]{box-sizing:border-box;background:var(--presence-bg);" +
  "border:1px solid var(--presence-border);border-radius:var(--presence-radius);padding:12px}";
