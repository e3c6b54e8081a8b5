/**
 * The golden card cases: each design in each theme, drawn for the simulator's personas at a fixed
 * clock, with images fetched from a real simulator's CDN. Shared by `golden.test.ts` and
 * `npm run cards:golden`, which rewrites the references in `../__golden__/`.
 * @see README.md#cards
 */

import { fileURLToPath } from "node:url";
import { buildPresence } from "../../presence/build.ts";
import type { CanonicalPresence } from "../../presence/types.ts";
import { createSimulator, type Simulator } from "../../simulator/index.ts";
import { createPersonaState, personaPresence } from "../../simulator/persona-presence.ts";
import { PERSONAS, type PersonaKey } from "../../simulator/personas.ts";
import { buildCard } from "../build-card.ts";
import { errorCard } from "../error-card.ts";
import { createImageFetcher, type ImageFetcher } from "../images.ts";
import { parseCardOptions } from "../options.ts";
import { renderCard } from "../render.ts";
import { THEMES } from "../themes.ts";

/** Where the reference PNGs live. */
export const GOLDEN_DIR = fileURLToPath(new URL("../__golden__/", import.meta.url));

/** The fixed clock every case is drawn at (tracks and games started relative to it). */
export const GOLDEN_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** One reference image: a persona (or an error) drawn with a query. */
export interface GoldenCase {
  /** File name without `.png`. */
  name: string;
  persona: PersonaKey | "error";
  query: string;
  /** Changes the persona's presence first (e.g. a Japanese title). */
  edit?: (presence: CanonicalPresence) => void;
  /** An error case's title and message. @default an unknown user */
  error?: [string, string];
}

/** Profile, now playing, idle and error, covering every theme once or more, at 400 px wide. */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: "profile-spotify-dark", persona: "spotify", query: "" },
  { name: "profile-mobile-light", persona: "mobile", query: "theme=light&show_display_name=true" },
  { name: "profile-gamer-dracula", persona: "gamer", query: "theme=dracula" },
  { name: "profile-coder-nord", persona: "coder", query: "theme=nord&radius=0" },
  { name: "profile-moon-idle-discord", persona: "moon", query: "theme=discord&idle_message=Away%20for%20now" },
  { name: "spotify-spotify-gruvbox", persona: "spotify", query: "card=spotify&theme=gruvbox" },
  { name: "spotify-apple-tokyonight", persona: "appleMusic", query: "card=spotify&theme=tokyonight" },
  { name: "spotify-mobile-latte", persona: "mobile", query: "card=spotify&theme=catppuccin_latte&progress=bar" },
  { name: "spotify-idle-mocha", persona: "moon", query: "card=spotify&theme=catppuccin_mocha" },
  {
    name: "spotify-japanese-emoji-dark",
    persona: "spotify",
    query: "card=spotify",
    edit: (presence) => {
      const song = presence.activities.find((a) => a.type === 2)!;
      song.details = "夜に駆ける 🔥🎧";
      song.state = "YOASOBI";
    },
  },
  { name: "error-dark", persona: "error", query: "" },
  // The rough edges of issue 14, each drawn once.
  {
    name: "error-theme-values-dark",
    persona: "error",
    query: "",
    error: ["Bad option: theme", `theme must be one of ${Object.keys(THEMES).join(", ")}`],
  },
  {
    name: "spotify-emoji-cut-dark",
    persona: "spotify",
    query: "card=spotify",
    // At 400 px the cut falls right after the 🔥: the "…" must still be drawn.
    edit: (presence) => {
      presence.activities.find((a) => a.type === 2)!.details = "Wembley [You Know] 🎵🔥 — Live at Wembley 2026";
    },
  },
  {
    name: "profile-listening-bot-light",
    persona: "spotify",
    query: "theme=light",
    // A bot's "Listening to /help": no track, so an ordinary activity line, not an empty player.
    edit: (presence) => {
      presence.activities = [{ id: "bot", name: "/help", type: 2, created_at: GOLDEN_NOW }];
    },
  },
  { name: "profile-hide-profile-dark", persona: "spotify", query: "hide_profile=true" },
];

/** A simulator serving the personas' images, and a fetcher allowed to read them. */
export interface GoldenContext {
  sim: Simulator;
  images: ImageFetcher;
  close(): Promise<void>;
}

/**
 * Starts the simulator whose CDN the cases' images come from.
 * @example
 * const ctx = await startGoldenContext();
 * const png = await renderGolden(GOLDEN_CASES[0], ctx);
 */
export async function startGoldenContext(): Promise<GoldenContext> {
  const sim = await createSimulator({ personas: true, script: false });
  const images = createImageFetcher({ allow: [sim.cdnUrl, sim.spotifyImageUrl] });
  return { sim, images, close: () => sim.close() };
}

/** Renders one case to PNG bytes. */
export async function renderGolden(golden: GoldenCase, { sim, images }: GoldenContext): Promise<Buffer> {
  const width = 400;
  if (golden.persona === "error") {
    const [title, message] = golden.error ?? ["Unknown user", "1234567890123456789 is not monitored by this presence-kit"];
    const element = errorCard(title, message);
    return (await renderCard(element, { width, format: "png" })).body;
  }
  const urls = { cdnUrl: sim.cdnUrl, spotifyImageUrl: sim.spotifyImageUrl };
  const presence = goldenPresence(golden.persona, urls);
  golden.edit?.(presence);
  const options = parseCardOptions(new URLSearchParams(`${golden.query}&width=${width}`));
  const card = await buildCard(presence, options, "png", { images, urls, now: GOLDEN_NOW });
  return card.body;
}

/** A persona's canonical presence at {@link GOLDEN_NOW}, as the hub would build it. */
export function goldenPresence(key: PersonaKey, urls: { cdnUrl: string; spotifyImageUrl: string }): CanonicalPresence {
  const persona = PERSONAS[key];
  const presence = personaPresence(key, createPersonaState(GOLDEN_NOW));
  const state = { user: persona.user, presence, kv: {}, last_seen: GOLDEN_NOW, updated_at: GOLDEN_NOW };
  return structuredClone(buildPresence(persona.id, state, urls));
}
