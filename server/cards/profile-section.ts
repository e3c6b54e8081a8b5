/**
 * The lower section of the profile card: what the user listens to (album art and progress), else
 * their activity (its large and small asset images and elapsed time), else the idle message.
 * @see README.md#cards
 */

import { PROFILE_IMAGE_SIZES, type CardData } from "./card-data.ts";
import { box, byArtist, formatDuration, image, line, type CardElement, type Node } from "./element.ts";
import type { CardOptions } from "./options.ts";
import { progressRow, trackProgress } from "./progress.ts";

/** Height of the section in px, its rule included. */
export const PROFILE_SECTION_HEIGHT = 84;

/**
 * The section element.
 * @example
 * profileSection(data, options, Date.now());
 */
export function profileSection(data: CardData, options: CardOptions, now: number): CardElement {
  const { colors } = options;
  const sizes = PROFILE_IMAGE_SIZES;
  // A 1 px rule box rather than `borderTop`, which satori draws through clip paths.
  const frame = (...children: Node[]) =>
    box(
      { height: PROFILE_SECTION_HEIGHT, flexDirection: "column" },
      box({ height: 1, flexShrink: 0, backgroundColor: colors.border }),
      box({ flexGrow: 1, alignItems: "center", gap: 12, paddingTop: 12 }, ...children),
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
        box({ marginTop: 4 }, progressRow(trackProgress(playing.timestamps, now), options)),
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
