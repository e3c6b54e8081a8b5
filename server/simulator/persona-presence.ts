/**
 * The personas' presences as functions of a small mutable state (playlist positions, the cycler's
 * step, the file being edited). `script.ts` mutates the state over time; without the script the
 * state never changes, so tests see the same presences until they change them explicitly.
 */
import type { RawActivity, RawPresence } from "../presence/types.ts";
import type { PersonaKey } from "./personas.ts";
import { PERSONAS } from "./personas.ts";
import {
  APPLE_MUSIC_PLAYLIST,
  DESKTOP_PLAYLIST,
  MOBILE_PLAYLIST,
  toAppleMusicActivity,
  toSpotifyActivity,
  type Playback,
} from "./playlists.ts";

/** Everything about the personas that changes over time. */
export interface PersonaState {
  spotify: Playback;
  mobile: Playback;
  appleMusic: Playback;
  /** Index into {@link CYCLE}. */
  cycleStep: number;
  /** Index into {@link CODER_FILES}. */
  fileIndex: number;
  /** When the personas came online: start of the game, the editor and the embedded activity. */
  since: number;
}

/** The cycler's statuses, in order; the first one is its initial presence. */
export const CYCLE = ["online", "idle", "dnd", "offline"] as const;

/** The files the VS Code persona edits, in order. */
export const CODER_FILES = [
  "README.md",
  "server/simulator/gateway.ts",
  "widgets/presence-card.ts",
  "server/presence/build.ts",
] as const;

/** The initial state: tracks started a little while ago so progress bars are mid-way. */
export function createPersonaState(now: number): PersonaState {
  return {
    spotify: _playback(now - 42_000, "9c2f5b7e0a1d4e6fb3c8a2d1e0f94b7c"),
    mobile: _playback(now - 95_000, "41b7d0c9e3a2f815c6d4b2a09e8f7d61"),
    appleMusic: _playback(now - 20_000, ""),
    cycleStep: 0,
    fileIndex: 0,
    since: now - 47 * 60_000,
  };
}

/** The presence a persona has in the given state. */
export function personaPresence(key: PersonaKey, state: PersonaState): RawPresence {
  const id = PERSONAS[key].id;
  switch (key) {
    case "spotify":
      return _presence("online", { desktop: "online" }, [
        toSpotifyActivity(id, DESKTOP_PLAYLIST[state.spotify.index], state.spotify),
      ]);
    case "mobile":
      return _presence("online", { mobile: "online" }, [
        _custom("studying for finals", "📚", state.since),
        toSpotifyActivity(id, MOBILE_PLAYLIST[state.mobile.index], state.mobile),
      ]);
    case "gamer":
      return _presence("dnd", { desktop: "dnd", mobile: "dnd" }, [_game(state.since)]);
    case "coder":
      return _presence("online", { desktop: "online" }, [
        _vscode(CODER_FILES[state.fileIndex], state.since),
      ]);
    case "moon":
      return _presence("idle", { desktop: "idle" }, [
        _custom("night owl hours", "🌙", state.since),
      ]);
    case "cycler":
      return _cyclerPresence(state);
    case "appleMusic":
      return _presence("online", { desktop: "online" }, [
        toAppleMusicActivity(APPLE_MUSIC_PLAYLIST[state.appleMusic.index], state.appleMusic),
      ]);
    case "bot":
      return _presence("online", { web: "online" }, [
        { id: "ec0b28a579ecb4bd", name: "/help", type: 2, created_at: state.since },
      ]);
  }
}

// --- internal ---

function _playback(start: number, sessionId: string): Playback {
  return { index: 0, start, createdAt: start, sessionId };
}

function _presence(
  status: string,
  clientStatus: RawPresence["client_status"],
  activities: RawActivity[],
): RawPresence {
  return { status, client_status: clientStatus, activities };
}

function _custom(text: string, emoji: string, createdAt: number): RawActivity {
  return {
    id: "custom",
    name: "Custom Status",
    type: 4,
    state: text,
    emoji: { name: emoji },
    created_at: createdAt,
  };
}

function _game(since: number): RawActivity {
  return {
    id: "5a1f0f6b8c3e2d47",
    name: "Deep Rock Galactic",
    type: 0,
    application_id: "606456093081731272",
    created_at: since,
    details: "Mission: Point Extraction",
    state: "In a party",
    timestamps: { start: since },
    party: { id: "970293510144134778", size: [3, 4] },
    assets: {
      large_image: "606818480947331792",
      large_text: "Hazard 5",
      small_image: "606818501918853977",
      small_text: "Driller · Level 86",
    },
  };
}

function _vscode(file: string, since: number): RawActivity {
  const markdown = file.endsWith(".md");
  return {
    id: "3b3e1d9c6a7f5e20",
    name: "Visual Studio Code",
    type: 0,
    application_id: "383226320970055681",
    created_at: since,
    details: `Editing ${file.split("/").pop()}`,
    state: "Workspace: presence-kit",
    timestamps: { start: since },
    assets: {
      large_image: markdown ? "565945077491433494" : "565945350836518919",
      large_text: markdown ? "Editing a MARKDOWN file" : "Editing a TYPESCRIPT file",
      small_image: "565945770067853323",
      small_text: "Visual Studio Code",
    },
  };
}

function _cyclerPresence(state: PersonaState): RawPresence {
  switch (CYCLE[state.cycleStep]) {
    case "online":
      return _presence("online", { desktop: "online", embedded: "online" }, [
        {
          id: "d7e5c1a0b9f84c31",
          name: "Putt Party",
          type: 0,
          application_id: "933692335718531749",
          platform: "embedded",
          created_at: state.since,
          timestamps: { start: state.since },
          assets: { large_image: "934054723584134249", large_text: "Putt Party" },
        },
      ]);
    case "idle":
      return _presence("idle", { mobile: "idle" }, []);
    case "dnd":
      return _presence("dnd", { web: "dnd", vr: "dnd" }, [
        _custom("in VR, back later", "🥽", state.since),
      ]);
    default:
      return _presence("offline", {}, []);
  }
}
