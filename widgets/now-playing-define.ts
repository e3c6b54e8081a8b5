import { NowPlaying } from "./now-playing.ts";

/** Registers `<now-playing>` in the global registry, unless a copy of the bundle already did. */
NowPlaying.define();

declare global {
  interface HTMLElementTagNameMap {
    "now-playing": NowPlaying;
  }
}
