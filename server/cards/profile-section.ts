/**
 * The lower section of the profile card: what the user listens to (album art and progress), else
 * their activity (its large and small asset images and elapsed time), else the idle message.
 * @see README.md#cards
 */

import { PROFILE_IMAGE_SIZES, type CardData } from "./card-data.ts";
import { box, byArtist, formatDuration, image, line, type CardElement, type Node } from "./element.ts";
import type { CardOptions } from "./options.ts";
import { progressRow, trackProgress } from "./progress.ts";

/** Height in px of the section's content: with images or several lines, or one line of text. */
export const PROFILE_SECTION_CONTENT = { media: 71, idle: 20 } as const;

/** Height in px of the rule above the section and the space under it. */
export const PROFILE_SECTION_RULE = 13;

/** Whether the section has something to show besides the idle message. */
export function hasActivity(data: CardData, options: CardOptions): boolean {
  return Boolean((data.playing && !options.hideSpotify) || data.activity);
}

/**
 * Height of the section in px: the idle message takes one line, not the room of album art, and
 * the rule is drawn only under a profile row (`ruled`).
 * @example
 * profileSectionHeight(data, options, true); // 84 with album art, 33 for the idle message
 */
export function profileSectionHeight(data: CardData, options: CardOptions, ruled: boolean): number {
  return PROFILE_SECTION_CONTENT[_oneLine(data, options) ? "idle" : "media"] + (ruled ? PROFILE_SECTION_RULE : 0);
}

/**
 * The section element; `ruled` draws the rule that separates it from the profile row above.
 * @example
 * profileSection(data, options, Date.now(), true);
 */
export function profileSection(
  data: CardData,
  options: CardOptions,
  now: number,
  { ruled = true, moving = false } = {},
): CardElement {
  const { colors } = options;
  const sizes = PROFILE_IMAGE_SIZES;
  // A 1 px rule box rather than `borderTop`, which satori draws through clip paths.
  const frame = (...children: Node[]) =>
    box(
      { height: profileSectionHeight(data, options, ruled), flexDirection: "column" },
      ruled ? box({ height: 1, flexShrink: 0, backgroundColor: colors.border }) : null,
      box({ flexGrow: 1, alignItems: "center", gap: 12, paddingTop: ruled ? 12 : 0 }, ...children),
    );
  const label = { fontSize: 11, fontWeight: 700, letterSpacing: 1, color: colors.accent };
  const title = (text: string) => line(label, text);
  if (data.playing && !options.hideSpotify) {
    const { playing } = data;
    return frame(
      image(data.images.art, { width: sizes.art, height: sizes.art, borderRadius: 6, flexShrink: 0 }, colors.track),
      box(
        { flexDirection: "column", flexGrow: 1, minWidth: 0, gap: 2 },
        title(`LISTENING ON ${playing.source.toUpperCase()}`),
        line({ fontSize: 15, fontWeight: 700 }, playing.song ?? "Unknown track"),
        line({ fontSize: 12, color: colors.muted }, playing.artist ? byArtist(playing.artist) : ""),
        box({ marginTop: 4 }, progressRow(trackProgress(playing.timestamps, now), options, moving)),
      ),
    );
  }
  if (data.activity) {
    const { activity } = data;
    const start = activity.timestamps?.start;
    const elapsed = !options.hideTimestamp && typeof start === "number" ? `${formatDuration(now - start)} elapsed` : "";
    return frame(
      activity.assets?.large_image ? _assets(data, options) : null,
      box(
        { flexDirection: "column", flexGrow: 1, minWidth: 0, gap: 2 },
        title(_verb(activity.type, activity.name)),
        activity.details ? line({ fontSize: 14, fontWeight: 700 }, activity.details) : null,
        activity.state ? line({ fontSize: 12, color: colors.muted }, activity.state) : null,
        elapsed ? line({ fontSize: 12, color: colors.muted }, elapsed) : null,
      ),
    );
  }
  return frame(line({ fontSize: 14, color: colors.muted }, options.idleMessage));
}

// --- internal ---

/** The idle message, or an activity drawn as its label alone (no image, details, state or time). */
function _oneLine(data: CardData, options: CardOptions): boolean {
  if (!hasActivity(data, options)) return true;
  const { activity } = data;
  if ((data.playing && !options.hideSpotify) || !activity) return false;
  const timed = !options.hideTimestamp && typeof activity.timestamps?.start === "number";
  return !activity.assets?.large_image && !activity.details && !activity.state && !timed;
}

/** The large asset with the small one on its corner, ringed in the background colour (Discord's look). */
function _assets(data: CardData, options: CardOptions): CardElement {
  const { colors } = options;
  const { activity: large, activitySmall: small } = PROFILE_IMAGE_SIZES;
  const ring = small + 4;
  return box(
    { position: "relative", width: large, height: large, flexShrink: 0 },
    image(data.images.activityLarge, { width: large, height: large, borderRadius: 8 }, colors.track),
    data.activity?.assets?.small_image
      ? box(
          {
            position: "absolute",
            right: -6,
            bottom: -6,
            width: ring,
            height: ring,
            borderRadius: ring / 2,
            alignItems: "center",
            justifyContent: "center",
            backgroundColor: colors.bg,
          },
          image(data.images.activitySmall, { width: small, height: small, borderRadius: small / 2 }, colors.track),
        )
      : null,
  );
}

function _verb(type: number, name: string): string {
  const verb = ["PLAYING", "STREAMING", "LISTENING TO", "WATCHING", "", "COMPETING IN"][type] || "PLAYING";
  return `${verb} ${name.toUpperCase()}`;
}
