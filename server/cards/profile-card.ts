/**
 * The profile card: avatar with decoration and status dot, name, badges, custom status, and what
 * the user is doing (listening, an activity with its elapsed time, or the idle message).
 * @see README.md#cards
 */

import { PROFILE_IMAGE_SIZES, type CardData } from "./card-data.ts";
import { box, image, line, type CardElement, type Node } from "./element.ts";
import { cardFrame } from "./frame.ts";
import type { CardOptions } from "./options.ts";
import { hasActivity, profileSection, profileSectionHeight } from "./profile-section.ts";
import { STATUS_COLORS } from "./themes.ts";

const _PAD = 16;
const _HEADER = PROFILE_IMAGE_SIZES.decoration;


/**
 * Height of the profile card for these options and data: sections that are hidden take no room.
 * @example
 * profileCardHeight(data, options); // 212 with both sections
 */
export function profileCardHeight(data: CardData, options: CardOptions): number {
  const header = _showHeader(options);
  const parts = [header ? _HEADER : 0, _showSection(data, options) ? profileSectionHeight(data, options, header) : 0];
  const shown = parts.filter(Boolean);
  if (shown.length === 0) return _PAD * 2 + 24;
  return _PAD * 2 + shown.reduce((a, b) => a + b, 0) + (shown.length - 1) * 12;
}

/**
 * The profile card element.
 * @example
 * const element = profileCard(data, options, Date.now());
 */
export function profileCard(data: CardData, options: CardOptions, now: number, moving = false): CardElement {
  const { colors } = options;
  const header = _showHeader(options) ? _header(data, options) : null;
  const section = _showSection(data, options) ? profileSection(data, options, now, { ruled: header !== null, moving }) : null;
  return cardFrame(
    { bg: colors.bg, border: colors.border, radius: options.radius },
    { padding: _PAD, flexDirection: "column", gap: 12, fontFamily: "Inter", color: colors.text },
    header,
    section,
    !header && !section ? line({ fontSize: 14, color: colors.muted }, options.idleMessage) : null,
  );
}

// --- internal ---

function _showHeader(options: CardOptions): boolean {
  return !options.hideProfile;
}

function _showSection(data: CardData, options: CardOptions): boolean {
  if (options.hideActivity === true) return false;
  if (options.hideActivity === "when_not_used") return hasActivity(data, options);
  return true;
}

function _avatarRadius(options: CardOptions): number {
  return options.avatarShape === "square" ? options.avatarRadius : PROFILE_IMAGE_SIZES.avatar / 2;
}

function _header(data: CardData, options: CardOptions): CardElement {
  const { colors } = options;
  const { user, discord_status: status } = data.presence;
  const size = PROFILE_IMAGE_SIZES.avatar;
  const avatar = box(
    {
      position: "relative",
      width: _HEADER,
      height: _HEADER,
      alignItems: "center",
      justifyContent: "center",
      flexShrink: 0,
    },
    image(data.images.avatar, { width: size, height: size, borderRadius: _avatarRadius(options) }, colors.track),
    !options.hideDecoration && data.images.decoration
      ? image(
          data.images.decoration,
          { position: "absolute", left: 0, top: 0, width: _HEADER, height: _HEADER },
          colors.track,
        )
      : null,
    // The dot's ring is a background-coloured disc behind it, not a CSS border (a clip path in resvg).
    options.hideStatus
      ? null
      : box(
          {
            position: "absolute",
            right: 8,
            bottom: 8,
            width: 24,
            height: 24,
            borderRadius: 12,
            alignItems: "center",
            justifyContent: "center",
            backgroundColor: colors.bg,
          },
          box({ width: 18, height: 18, borderRadius: 9, backgroundColor: STATUS_COLORS[status] }),
        ),
  );
  const name = options.showDisplayName ? user.display_name : user.username;
  const badge = PROFILE_IMAGE_SIZES.badge;
  const badges: Node[] = options.hideBadges
    ? []
    : data.images.badges.map((b) => image(b.src, { width: badge, height: badge, borderRadius: 4 }, colors.track));
  const custom = data.customStatus;
  const guildEmoji = Boolean(custom?.emoji?.id);
  const customText = [custom?.emoji && !guildEmoji ? custom.emoji.name : "", custom?.state ?? ""].join(" ").trim();
  const emojiSize = PROFILE_IMAGE_SIZES.emoji;
  return box(
    { alignItems: "center", height: _HEADER, gap: 12 },
    avatar,
    box(
      { flexDirection: "column", flexGrow: 1, minWidth: 0, gap: 4 },
      box(
        { alignItems: "center", gap: 6 },
        line({ fontSize: 20, fontWeight: 700, flexShrink: 1 }, name),
        ...badges,
      ),
      options.showDisplayName && user.display_name !== user.username
        ? line({ fontSize: 13, color: colors.muted }, `@${user.username}`)
        : null,
      customText || guildEmoji
        ? box(
            { alignItems: "center", gap: 4, minWidth: 0 },
            guildEmoji ? image(data.images.emoji, { width: emojiSize, height: emojiSize, flexShrink: 0 }, colors.track) : null,
            customText ? line({ fontSize: 14, color: colors.muted }, customText) : null,
          )
        : null,
    ),
  );
}
