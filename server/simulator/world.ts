/**
 * The simulated Discord state: guilds, their members, users and presences. Pure state with no
 * I/O; `index.ts` turns every change into Gateway dispatches.
 */
import type { RawPresence, RawUser } from "../presence/types.ts";
import { snowflakeTime, toSnowflake } from "./internal/snowflake.ts";

/** A member object as Discord sends it in GUILD_CREATE, member chunks and REST. */
export interface RawMember {
  user: RawUser;
  roles: string[];
  nick: string | null;
  avatar: string | null;
  joined_at: string;
  premium_since: null;
  deaf: boolean;
  mute: boolean;
  pending: boolean;
  flags: number;
  communication_disabled_until: null;
}

/** One simulated guild; `members` maps user id → `joined_at`. */
export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  members: Map<string, string>;
  /** Roles besides @everyone, in creation order. */
  roles: Map<string, SimRole>;
  /** Role ids per member who has any. */
  memberRoles: Map<string, string[]>;
}

/** A role of a simulated guild (the fields that vary; the rest are Discord's defaults). */
export interface SimRole {
  id: string;
  name: string;
  position: number;
}

/** The state store; see {@link createWorld}. */
export type World = ReturnType<typeof createWorld>;

/** The presence every member has until told otherwise, and what "offline" normalises to. */
export const OFFLINE: Readonly<RawPresence> = Object.freeze({
  status: "offline",
  activities: [],
  client_status: {},
});

/**
 * Creates an empty world with `guildIds.length` guilds the bot is a member of.
 * Members and presences are added by the caller (personas, filler members).
 */
export function createWorld(bot: RawUser, guildIds: string[], guildNames: string[]) {
  const users = new Map<string, RawUser>([[bot.id, bot]]);
  const presences = new Map<string, RawPresence>();
  const guilds = new Map<string, GuildState>();
  for (const [i, id] of guildIds.entries()) {
    guilds.set(id, { id, name: guildNames[i], ownerId: bot.id, members: new Map(), roles: new Map(), memberRoles: new Map() });
    guilds.get(id)!.members.set(bot.id, _joinedAt(id, bot.id));
  }

  return {
    bot,
    guildIds,
    guild: (id: string): GuildState | undefined => guilds.get(id),
    user: (id: string): RawUser | undefined => (_isMember(id) ? users.get(id) : undefined),
    /** The stored presence of a member (offline when never set), undefined for non-members. */
    presence: (id: string): RawPresence | undefined =>
      _isMember(id) ? (presences.get(id) ?? OFFLINE) : undefined,
    isOnline: (id: string): boolean => (presences.get(id)?.status ?? "offline") !== "offline",
    guildsOf: (userId: string): string[] =>
      guildIds.filter((id) => guilds.get(id)!.members.has(userId)),
    /** Members of one guild, or every distinct member of all guilds; the bot included. */
    members(guildId?: string): RawUser[] {
      const ids = new Set<string>(guildId ? guilds.get(guildId)?.members.keys() : []);
      if (guildId) return [...ids].map((id) => users.get(id)!);
      for (const guild of guilds.values()) for (const id of guild.members.keys()) ids.add(id);
      return [...ids].map((id) => users.get(id)!);
    },
    memberObject(guildId: string, userId: string): RawMember | undefined {
      const guild = guilds.get(guildId);
      const joinedAt = guild?.members.get(userId);
      if (joinedAt === undefined) return undefined;
      return { ..._member(users.get(userId)!, joinedAt), roles: [...(guild!.memberRoles.get(userId) ?? [])] };
    },
    /** Adds a role to a guild; its id is a snowflake made from the guild's. */
    addRole(guildId: string, name: string): SimRole {
      const guild = guilds.get(guildId)!;
      const n = guild.roles.size + 1;
      const role = { id: toSnowflake(snowflakeTime(guildId) + n * 1000, n), name, position: n };
      guild.roles.set(role.id, role);
      return role;
    },
    /** Replaces a member's roles (ids of the guild's roles; the caller checked them). */
    setMemberRoles(guildId: string, userId: string, roleIds: string[]): void {
      const memberRoles = guilds.get(guildId)!.memberRoles;
      if (roleIds.length === 0) memberRoles.delete(userId);
      else memberRoles.set(userId, [...new Set(roleIds)]);
    },
    /** Adds (or refreshes) a member; returns false when they were already in the guild. */
    addMember(guildId: string, user: RawUser): boolean {
      const guild = guilds.get(guildId)!;
      users.set(user.id, { ...users.get(user.id), ...user });
      if (guild.members.has(user.id)) return false;
      guild.members.set(user.id, _joinedAt(guildId, user.id));
      return true;
    },
    /** Removes a member; a user left in no guild is forgotten with their presence. */
    removeMember(guildId: string, userId: string): RawUser | undefined {
      const user = users.get(userId);
      if (!guilds.get(guildId)?.members.delete(userId)) return undefined;
      guilds.get(guildId)!.memberRoles.delete(userId);
      if (!_isMember(userId)) {
        users.delete(userId);
        presences.delete(userId);
      }
      return user;
    },
    /** Merges changed user fields into the stored user and returns the result. */
    patchUser(user: RawUser): RawUser {
      const merged = { ...users.get(user.id), ...user };
      users.set(user.id, merged);
      return merged;
    },
    setPresence(userId: string, presence: RawPresence): void {
      presences.set(userId, presence);
    },
  };

  function _isMember(userId: string): boolean {
    for (const guild of guilds.values()) if (guild.members.has(userId)) return true;
    return false;
  }
}

/**
 * Normalises a presence the way Discord reports it: `invisible` is `offline`, and offline users
 * have no activities and no client status.
 */
export function normalizePresence(presence: RawPresence): RawPresence {
  const status = presence.status === "invisible" ? "offline" : presence.status;
  if (status === "offline") return { ...OFFLINE, activities: [], client_status: {} };
  const { activities = [], client_status = {} } = presence;
  return { status, activities, client_status };
}

// --- internal ---

function _member(user: RawUser, joinedAt: string): RawMember {
  return {
    user,
    roles: [],
    nick: null,
    avatar: null,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

/** A deterministic join date: a day after the later of the guild's and the account's creation. */
function _joinedAt(guildId: string, userId: string): string {
  const ms = Math.max(snowflakeTime(guildId), snowflakeTime(userId)) + 86_400_000;
  return new Date(ms).toISOString();
}
