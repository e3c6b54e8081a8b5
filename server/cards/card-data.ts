/**
 * What a card shows, taken from the canonical presence with its images already resolved to data
 * URIs. The designs are pure functions of this, the options and `now`.
 * @see README.md#cards
 */

import type { NowPlaying } from "../presence/spotify.ts";
import type { CanonicalPresence, RawActivity } from "../presence/types.ts";

/** A presence ready to draw. */
export interface CardData {
  presence: CanonicalPresence;
  /** Any type-2 "Listening" activity (Spotify, Apple Music, TIDAL…), or `null`. */
  playing: NowPlaying | null;
  /** The custom status (type 4), or `null`. */
  customStatus: RawActivity | null;
  /** The first activity that is neither listening nor the custom status (a game, an editor…). */
  activity: RawActivity | null;
  images: CardImages;
  /**
   * Whether an image the card asks for came back empty (a failed or refused fetch), so it is drawn
   * as a placeholder: such a card is rendered again once its cache TTL ends.
   */
  placeholder: boolean;
}

/** Data URIs (or `null` → placeholder) of every image a card may draw. */
export interface CardImages {
  avatar: string | null;
  decoration: string | null;
  art: string | null;
  /** The custom status's guild emoji (Unicode emoji are drawn from Twemoji instead). */
  emoji: string | null;
  /** The activity's large and small asset images. */
  activityLarge: string | null;
  activitySmall: string | null;
  /** Badge icon data URIs, in flag order, with their description. */
  badges: { description: string; src: string | null }[];
}

/** Sizes in px the profile card draws its images at (the fetcher asks the CDN for these). */
export const PROFILE_IMAGE_SIZES = {
  avatar: 64,
  decoration: 80,
  art: 64,
  badge: 18,
  emoji: 16,
  activity: 64,
  activitySmall: 22,
} as const;
