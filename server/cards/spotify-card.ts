/**
 * The "now playing" card: album art, song, artist, album and a progress bar. Any type-2 listening
 * activity counts, not only Spotify's.
 * @see README.md#cards
 */

import type { CardData } from "./card-data.ts";
import { box, byArtist, image, line, type CardElement } from "./element.ts";
import { cardFrame } from "./frame.ts";
import type { CardOptions } from "./options.ts";
import { progressRow, trackProgress } from "./progress.ts";

/** Height of the spotify card in px (its width comes from `width`). */
export const SPOTIFY_CARD_HEIGHT = 150;

/** Size in px of the album art on the spotify card. */
export const SPOTIFY_ART_SIZE = 118;

/**
 * The now-playing card, or the idle message when nothing is playing.
 * @example
 * const element = spotifyCard(data, options, Date.now());
 */
export function spotifyCard(data: CardData, options: CardOptions, now: number, moving = false): CardElement {
  const { colors } = options;
  const { playing } = data;
  if (!playing) {
    const center = { flexGrow: 1, alignItems: "center", justifyContent: "center" };
    return _frame(options, box({ ...center, fontSize: 16, color: colors.muted }, options.idleMessage));
  }
  const art = SPOTIFY_ART_SIZE;
  return _frame(
    options,
    image(data.images.art, { width: art, height: art, borderRadius: 8, flexShrink: 0 }, colors.track),
    box(
      { flexDirection: "column", flexGrow: 1, minWidth: 0, marginLeft: 16, justifyContent: "center", gap: 3 },
      line(
        { fontSize: 11, fontWeight: 700, letterSpacing: 1, color: colors.accent },
        `LISTENING ON ${playing.source.toUpperCase()}`,
      ),
      line({ fontSize: 18, fontWeight: 700, color: colors.text }, playing.song ?? "Unknown track"),
      playing.artist ? line({ fontSize: 13, color: colors.muted }, byArtist(playing.artist)) : null,
      playing.album ? line({ fontSize: 13, color: colors.muted }, `on ${playing.album}`) : null,
      box({ marginTop: 8 }, progressRow(trackProgress(playing.timestamps, now), options, moving)),
    ),
  );
}

// --- internal ---

function _frame(options: CardOptions, ...children: (CardElement | null)[]): CardElement {
  const { colors } = options;
  const look = { bg: colors.bg, border: colors.border, radius: options.radius };
  return cardFrame(look, { padding: 16, alignItems: "center", fontFamily: "Inter" }, ...children);
}
