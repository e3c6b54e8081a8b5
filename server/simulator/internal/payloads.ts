/** Wire shapes of the dispatches and REST objects built from the world. */
import type { RawPresence, RawUser } from "../../presence/types.ts";
import { intents } from "../protocol.ts";
import type { GuildState, RawMember, SimRole, World } from "../world.ts";

/** What a session asked for in IDENTIFY that shapes its GUILD_CREATE. */
export interface GuildCreateOptions {
  intents: number;
  largeThreshold: number;
}

/** The guild object of `GET /guilds/:id` (no members; counts when asked `with_counts`). */
export function toGuild(guild: GuildState) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [_everyone(guild.id), ...[...guild.roles.values()].map(toRole)],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    max_members: 500_000,
    nsfw_level: 0,
  };
}

/**
 * GUILD_CREATE as Discord sends it to one session. Without GUILD_PRESENCES only the bot's own
 * member is included; in a large guild (`member_count > large_threshold`) only online members.
 */
export function toGuildCreate(world: World, guild: GuildState, options: GuildCreateOptions) {
  const large = guild.members.size > options.largeThreshold;
  const withPresences = (options.intents & intents.GuildPresences) !== 0;
  let ids = [...guild.members.keys()];
  if (!withPresences) ids = [world.bot.id];
  else if (large) ids = ids.filter((id) => id === world.bot.id || world.isOnline(id));
  return {
    ...toGuild(guild),
    joined_at: guild.members.get(world.bot.id),
    large,
    unavailable: false,
    member_count: guild.members.size,
    members: ids.map((id) => world.memberObject(guild.id, id)!),
    presences: withPresences ? toPresences(world, ids, guild.id) : [],
    voice_states: [],
    channels: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The non-offline presences of `userIds`, as in GUILD_CREATE and member chunks. */
export function toPresences(world: World, userIds: string[], guildId?: string) {
  const out = [];
  for (const id of userIds) {
    if (id === world.bot.id || !world.isOnline(id)) continue;
    out.push(toPresenceUpdate(id, world.presence(id)!, guildId));
  }
  return out;
}

/** PRESENCE_UPDATE's `d`: Discord sends `user: { id }` unless the user object changed. */
export function toPresenceUpdate(
  userId: string,
  presence: RawPresence,
  guildId?: string,
  user?: RawUser,
) {
  return {
    user: user ?? { id: userId },
    ...(guildId ? { guild_id: guildId } : {}),
    status: presence.status,
    activities: presence.activities ?? [],
    client_status: presence.client_status ?? {},
  };
}

/** A member dispatch's `d` (GUILD_MEMBER_ADD / UPDATE): the member object plus `guild_id`. */
export function toMemberDispatch(guildId: string, member: RawMember) {
  return { ...member, guild_id: guildId };
}

/** A role object as in GUILD_CREATE and GUILD_ROLE_CREATE. */
export function toRole(role: SimRole) {
  return { ..._everyone(role.id), name: role.name, position: role.position, permissions: "0", mentionable: true };
}

// --- internal ---

function _everyone(guildId: string) {
  return {
    id: guildId,
    name: "@everyone",
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: "1071698660929",
    managed: false,
    mentionable: false,
    flags: 0,
  };
}
