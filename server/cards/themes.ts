/**
 * Card colour themes. Colours are resolved in code: satori resolves `prefers-color-scheme` and
 * `light-dark()` to light, so CSS cannot pick them.
 * @see README.md#cards
 */

/** The colours one card is drawn with. */
export interface Theme {
  bg: string;
  text: string;
  muted: string;
  accent: string;
  /** Track of the progress bar and placeholder fills. */
  track: string;
  border: string;
}

/** Every named theme; `dark` is the default. */
export const THEMES = {
  dark: { bg: "#1e1f22", text: "#f2f3f5", muted: "#b5bac1", accent: "#1db954", track: "#3f4147", border: "#2b2d31" },
  light: { bg: "#ffffff", text: "#060607", muted: "#4e5058", accent: "#1db954", track: "#e3e5e8", border: "#e3e5e8" },
  dracula: { bg: "#282a36", text: "#f8f8f2", muted: "#bd93f9", accent: "#ff79c6", track: "#44475a", border: "#44475a" },
  nord: { bg: "#2e3440", text: "#eceff4", muted: "#d8dee9", accent: "#88c0d0", track: "#4c566a", border: "#3b4252" },
  gruvbox: { bg: "#282828", text: "#ebdbb2", muted: "#bdae93", accent: "#fabd2f", track: "#504945", border: "#3c3836" },
  tokyonight: { bg: "#1a1b27", text: "#c0caf5", muted: "#a9b1d6", accent: "#7aa2f7", track: "#414868", border: "#24283b" },
  catppuccin_mocha: { bg: "#1e1e2e", text: "#cdd6f4", muted: "#bac2de", accent: "#cba6f7", track: "#45475a", border: "#313244" },
  catppuccin_latte: { bg: "#eff1f5", text: "#4c4f69", muted: "#5c5f77", accent: "#8839ef", track: "#ccd0da", border: "#ccd0da" },
  discord: { bg: "#5865f2", text: "#ffffff", muted: "#e0e3ff", accent: "#ffffff", track: "#4752c4", border: "#4752c4" },
} as const satisfies Record<string, Theme>;

/** A theme name accepted by `?theme=`. */
export type ThemeName = keyof typeof THEMES;

/** Colours of Discord's status dot. */
export const STATUS_COLORS = {
  online: "#23a55a",
  idle: "#f0b232",
  dnd: "#f23f43",
  offline: "#80848e",
} as const;

/** Whether `name` is a known theme. */
export function isThemeName(name: string): name is ThemeName {
  return Object.hasOwn(THEMES, name);
}
