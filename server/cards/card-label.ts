/**
 * The words of a card for those who do not see it: whose card it is (`<title>`) and what it shows
 * (`<desc>`), built from the same data and options as the picture.
 * @see README.md#cards
 */

import type { CardData } from "./card-data.ts";
import type { CardOptions } from "./options.ts";
import type { SvgLabel } from "./svg-motion.ts";

/**
 * The label of a profile or spotify card.
 * @example
 * cardLabel(data, options); // { title: "Discord presence of Lin (@lin_codes)", desc: "Online. Playing Visual Studio Code: Editing card.ts." }
 */
export function cardLabel(data: CardData, options: CardOptions): SvgLabel {
  const { user, discord_status: status } = data.presence;
  const name = user.display_name && user.display_name !== user.username
    ? `${user.display_name} (@${user.username})`
    : user.username;
  const parts: string[] = [];
  if (options.card === "profile" && !options.hideProfile) {
    if (!options.hideStatus) parts.push(_STATUS[status] ?? status);
    const custom = data.customStatus;
    const customText = [custom?.emoji?.name, custom?.state].filter(Boolean).join(" ");
    if (customText) parts.push(`Status: ${customText}`);
  }
  parts.push(_doing(data, options));
  return { title: `Discord presence of ${name}`, desc: parts.filter(Boolean).map(_sentence).join(" ") };
}

// --- internal ---

function _sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

const _STATUS: Record<string, string> = { online: "Online", idle: "Idle", dnd: "Do not disturb", offline: "Offline" };

const _VERBS = ["Playing", "Streaming", "Listening to", "Watching", "", "Competing in"];

function _doing(data: CardData, options: CardOptions): string {
  const { playing, activity } = data;
  const profile = options.card === "profile";
  if (profile && options.hideActivity === true) return "";
  if (playing && !(profile && options.hideSpotify)) {
    const song = playing.song ?? "a track";
    return `Listening to ${song}${playing.artist ? ` by ${playing.artist.replace(/^by\s+/i, "")}` : ""} on ${playing.source}`;
  }
  if (profile && activity) {
    const what = `${_VERBS[activity.type] || "Playing"} ${activity.name}`;
    return activity.details ? `${what}: ${activity.details}` : what;
  }
  if (profile && options.hideActivity === "when_not_used") return "";
  return options.idleMessage;
}
