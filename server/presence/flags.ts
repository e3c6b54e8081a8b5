/**
 * Discord's public user flags (`public_flags`) with the names each dialect uses for them.
 * @see https://discord.com/developers/docs/resources/user#user-object-user-flags
 */

import { BUILD_DEFAULTS } from "./options.ts";
import type { BuildOptions } from "./types.ts";

/**
 * The public user flags, keyed by their discord.js name and listed in bit order.
 *
 * - `name`: the semantic label Tether serves in `public_flags` (e.g. `House_Bravery`); the three
 *   flags Tether leaves out get a label in the same style.
 * - `id` / `description`: the profile badge as Discord (and so Grux) names it.
 * - `icon`: the badge icon's asset hash on the CDN, `null` when Discord shows no badge for it.
 */
export const USER_FLAGS = {
  Staff: {
    bit: 0,
    name: "Discord_Employee",
    id: "staff",
    description: "Discord Staff",
    icon: "5e74e9b61934fc1f67c65515d1f7e60d",
  },
  Partner: {
    bit: 1,
    name: "Partnered_Server_Owner",
    id: "partner",
    description: "Partnered Server Owner",
    icon: "3f9748e53446a137a052f3454e2de41e",
  },
  Hypesquad: {
    bit: 2,
    name: "HypeSquad_Events",
    id: "hypesquad",
    description: "HypeSquad Events",
    icon: "bf01d1073931f921909045f3a39fd264",
  },
  BugHunterLevel1: {
    bit: 3,
    name: "Bug_Hunter_Level_1",
    id: "bug_hunter_level_1",
    description: "Discord Bug Hunter",
    icon: "2717692c7dca7289b35297368a940dd0",
  },
  HypeSquadOnlineHouse1: {
    bit: 6,
    name: "House_Bravery",
    id: "hypesquad_house_1",
    description: "HypeSquad Bravery",
    icon: "8a88d63823d8a71cd5e390baa45efa02",
  },
  HypeSquadOnlineHouse2: {
    bit: 7,
    name: "House_Brilliance",
    id: "hypesquad_house_2",
    description: "HypeSquad Brilliance",
    icon: "011940fd013da3f7fb926e4a1cd2e618",
  },
  HypeSquadOnlineHouse3: {
    bit: 8,
    name: "House_Balance",
    id: "hypesquad_house_3",
    description: "HypeSquad Balance",
    icon: "3aa41de486fa12454c3761e8e223442e",
  },
  PremiumEarlySupporter: {
    bit: 9,
    name: "Early_Supporter",
    id: "early_supporter",
    description: "Early Supporter",
    icon: "7060786766c9c840eb3019e725d2b358",
  },
  TeamPseudoUser: {
    bit: 10,
    name: "Team_Pseudo_User",
    id: "team_pseudo_user",
    description: "Team User",
    icon: null,
  },
  BugHunterLevel2: {
    bit: 14,
    name: "Bug_Hunter_Level_2",
    id: "bug_hunter_level_2",
    description: "Discord Bug Hunter",
    icon: "848f79194d4be5ff5f81505cbd0ce1e6",
  },
  VerifiedBot: {
    bit: 16,
    name: "Verified_Bot",
    id: "verified_bot",
    description: "Verified Bot",
    icon: null,
  },
  VerifiedDeveloper: {
    bit: 17,
    name: "Early_Verified_Bot_Developer",
    id: "verified_developer",
    description: "Early Verified Bot Developer",
    icon: "6df5892e0f35b051f8b61eace34f4967",
  },
  CertifiedModerator: {
    bit: 18,
    name: "Discord_Certified_Moderator",
    id: "certified_moderator",
    description: "Moderator Programs Alumni",
    icon: "fee1624003e2fee35cb398e125dc479b",
  },
  BotHTTPInteractions: {
    bit: 19,
    name: "Bot_HTTP_Interactions",
    id: "bot_http_interactions",
    description: "HTTP Interactions Bot",
    icon: null,
  },
  ActiveDeveloper: {
    bit: 22,
    name: "Active_Developer",
    id: "active_developer",
    description: "Active Developer",
    icon: "6bdc42827a38498929a4920da12695d9",
  },
} as const;

/** One entry of {@link USER_FLAGS}. */
export type UserFlag = (typeof USER_FLAGS)[keyof typeof USER_FLAGS];

/**
 * The known flags set in a `public_flags` bitfield, in bit order. Unknown bits are ignored.
 *
 * @example
 * userFlags(64).map((flag) => flag.id); // ["hypesquad_house_1"]
 */
export function userFlags(flags: number | null | undefined): UserFlag[] {
  const set: UserFlag[] = [];
  if (!flags) return set;
  for (const flag of _FLAG_LIST) {
    // Every known bit is below 31, so 32-bit `&` is exact here.
    if ((flags & (1 << flag.bit)) !== 0) set.push(flag);
  }
  return set;
}

/**
 * The semantic (Tether-style) names of the flags set in `public_flags`, in bit order.
 *
 * @example
 * flagNames(131584); // ["Early_Supporter", "Early_Verified_Bot_Developer"]
 */
export function flagNames(flags: number | null | undefined): string[] {
  const names: string[] = [];
  if (!flags) return names;
  for (const flag of _FLAG_LIST) {
    if ((flags & (1 << flag.bit)) !== 0) names.push(flag.name);
  }
  return names;
}

/**
 * The CDN URL of a badge icon, as Grux and Discord's profile serve it.
 *
 * @example
 * badgeIconUrl(USER_FLAGS.ActiveDeveloper.icon);
 * // "https://cdn.discordapp.com/badge-icons/6bdc42827a38498929a4920da12695d9.png"
 */
export function badgeIconUrl(icon: string, options: BuildOptions = {}): string {
  const { cdnUrl = BUILD_DEFAULTS.cdnUrl } = options;
  return `${cdnUrl}/badge-icons/${icon}.png`;
}

// --- internal ---

const _FLAG_LIST: readonly UserFlag[] = Object.values(USER_FLAGS).sort((a, b) => a.bit - b.bit);
