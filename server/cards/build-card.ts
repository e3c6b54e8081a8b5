/**
 * From a presence and validated options to a rendered card: picks what to show, fetches its
 * images through the allowlisted fetcher, and lays out the chosen design.
 * @see README.md#cards
 */

import { assetImageUrl, isListening } from "../presence/activity.ts";
import { BUILD_DEFAULTS } from "../presence/options.ts";
import { nowPlaying } from "../presence/spotify.ts";
import { badgeIconUrl, userFlags } from "../presence/flags.ts";
import type { BuildOptions, CanonicalPresence, RawActivity } from "../presence/types.ts";
import { cardLabel } from "./card-label.ts";
import { PROFILE_IMAGE_SIZES, type CardData } from "./card-data.ts";
import type { ImageFetcher } from "./images.ts";
import type { CardOptions } from "./options.ts";
import { sizedImageUrl } from "./image-size.ts";
import { profileCard, profileCardHeight } from "./profile-card.ts";
import { movesProgress, trackProgress } from "./progress.ts";
import { renderCard, type RenderedCard } from "./render.ts";
import { SPOTIFY_ART_SIZE, SPOTIFY_CARD_HEIGHT, spotifyCard } from "./spotify-card.ts";

/** What {@link buildCard} needs besides the presence and options. */
export interface BuildCardDeps {
  images: ImageFetcher;
  /** Where asset URLs point (the configured CDN and Spotify image host). */
  urls: BuildOptions;
  /** Render time, for progress bars and elapsed times. @default Date.now() */
  now?: number;
}

/**
 * Renders one card.
 * @example
 * await buildCard(snapshot.presence, parseCardOptions(query), "svg", { images, urls });
 */
export async function buildCard(
  presence: CanonicalPresence,
  options: CardOptions,
  format: "svg" | "png",
  { images, urls, now = Date.now() }: BuildCardDeps,
): Promise<RenderedCard> {
  const data = await toCardData(presence, options, images, urls);
  const spotify = options.card === "spotify";
  const progress = data.playing && !(options.card === "profile" && options.hideSpotify)
    ? trackProgress(data.playing.timestamps, now)
    : null;
  const moving = movesProgress(progress, options, format);
  const element = spotify ? spotifyCard(data, options, now, moving) : profileCard(data, options, now, moving);
  const height = spotify ? SPOTIFY_CARD_HEIGHT : profileCardHeight(data, options);
  const motion = moving && progress
    ? { color: options.colors.accent, ratio: progress.ratio, remainingMs: progress.total - progress.elapsed }
    : undefined;
  const label = cardLabel(data, options);
  const card = await renderCard(element, { width: options.width, height, format, scale: options.scale, label, motion });
  return data.placeholder ? { ...card, placeholder: true } : card;
}

/** The presence's drawable parts, with only the images the options need fetched (in parallel). */
export async function toCardData(
  presence: CanonicalPresence,
  options: CardOptions,
  images: ImageFetcher,
  urls: BuildOptions,
): Promise<CardData> {
  const { user } = presence;
  const ignored = new Set(options.ignoreAppIds);
  const activities = presence.activities.filter((a) => !a.application_id || !ignored.has(a.application_id));
  const playing = nowPlaying(activities.filter(_isTrack), urls);
  const customStatus = options.hideCustomStatus ? null : (activities.find((a) => a.type === 4) ?? null);
  const activity = activities.find((a) => a.type !== 4 && !_isTrack(a)) ?? null;
  const profile = options.card === "profile" && !options.hideProfile;
  const drawsPlaying = playing !== null && (options.card === "spotify" || !options.hideSpotify);
  // The profile card shows an activity only when nothing it draws is playing.
  const drawsActivity = options.card === "profile" && options.hideActivity !== true && !drawsPlaying;
  const flags = profile && !options.hideBadges ? userFlags(user.public_flags).filter((f) => f.icon) : [];
  let placeholder = false;
  const sized = async (url: string | null | undefined, px: number) => {
    const image = await images.get(sizedImageUrl(url, px, urls));
    if (url && image === null) placeholder = true;
    return image;
  };
  const drawn = PROFILE_IMAGE_SIZES;
  const asset = (image: string | null | undefined) =>
    drawsActivity && activity ? assetImageUrl(image, { ...urls, applicationId: activity.application_id }) : null;
  const emojiId = profile ? customStatus?.emoji?.id : null;
  const [avatar, decoration, art, emoji, activityLarge, activitySmall, ...badges] = await Promise.all([
    profile ? sized(user.avatar_url, drawn.avatar) : null,
    profile && !options.hideDecoration
      ? sized(user.avatar_decoration_data?.avatar_decoration_url, drawn.decoration)
      : null,
    drawsPlaying ? sized(playing.album_art_url, options.card === "spotify" ? SPOTIFY_ART_SIZE : drawn.art) : null,
    emojiId ? sized(`${urls.cdnUrl ?? BUILD_DEFAULTS.cdnUrl}/emojis/${emojiId}.png`, drawn.emoji) : null,
    sized(asset(activity?.assets?.large_image), drawn.activity),
    sized(asset(activity?.assets?.small_image), drawn.activitySmall),
    ...flags.map((flag) => sized(badgeIconUrl(flag.icon!, urls), drawn.badge)),
  ]);
  return {
    presence,
    playing,
    customStatus,
    activity,
    images: {
      avatar,
      decoration,
      art,
      emoji,
      activityLarge,
      activitySmall,
      badges: flags.map((flag, i) => ({ description: flag.description, src: badges[i] ?? null })),
    },
    placeholder,
  };
}

// --- internal ---

/** A listening activity with a track: a bot's "Listening to /help" has none and is an activity. */
function _isTrack(activity: RawActivity): boolean {
  return isListening(activity) && Boolean(activity.details);
}
