/**
 * The real-time script that keeps the demo alive: Spotify and Apple Music tracks advance when
 * they end, the cycler changes status every 20 s and the coder switches files every 90 s.
 * Everything is driven by one unref'd interval reading an injectable clock, so a test can jump
 * the clock past a track's end instead of waiting for it.
 */
import { CODER_FILES, CYCLE, type PersonaState } from "./persona-presence.ts";
import type { PersonaKey } from "./personas.ts";
import {
  advancePlayback,
  APPLE_MUSIC_PLAYLIST,
  DESKTOP_PLAYLIST,
  MOBILE_PLAYLIST,
} from "./playlists.ts";

/** Options of {@link startScript}. */
export interface ScriptOptions {
  state: PersonaState;
  now: () => number;
  /** How often the clock is read, in milliseconds. @default 1000 */
  tickMs?: number;
  /** Milliseconds between the cycler's status changes. @default 20000 */
  cycleMs?: number;
  /** Milliseconds between the coder's file changes. @default 90000 */
  fileMs?: number;
  /** Publishes a persona's presence after the script changed its state. */
  apply: (key: PersonaKey) => void;
}

/** Starts the script; the returned function stops it. */
export function startScript(options: ScriptOptions): () => void {
  const { state, now, tickMs = 1000, cycleMs = 20_000, fileMs = 90_000, apply } = options;
  let nextCycle = now() + cycleMs;
  let nextFile = now() + fileMs;

  const timer = setInterval(function _scriptTick() {
    const t = now();
    if (advancePlayback(DESKTOP_PLAYLIST, state.spotify, t)) apply("spotify");
    if (advancePlayback(MOBILE_PLAYLIST, state.mobile, t)) apply("mobile");
    if (advancePlayback(APPLE_MUSIC_PLAYLIST, state.appleMusic, t)) apply("appleMusic");
    if (t >= nextCycle) {
      state.cycleStep = (state.cycleStep + 1) % CYCLE.length;
      nextCycle = t + cycleMs;
      apply("cycler");
    }
    if (t >= nextFile) {
      state.fileIndex = (state.fileIndex + 1) % CODER_FILES.length;
      nextFile = t + fileMs;
      apply("coder");
    }
  }, tickMs).unref();
  return () => clearInterval(timer);
}
