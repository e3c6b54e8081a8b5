import type { GatewayPacket } from "../source/guild-tracker.ts";

/** Which users hold a consent role, from the member objects of Gateway dispatches. */
export interface RoleTracker {
  /** Applies a dispatch; returns the users whose answer to {@link RoleTracker.holds} changed. */
  handle(packet: GatewayPacket): string[];
  /** Whether the user holds one of the roles in at least one server. */
  holds(userId: string): boolean;
  forget(userId: string): void;
}

/**
 * Creates a tracker for `roleIds`. Role ids are unique across Discord, so one id names one
 * server's role; several ids cover several servers. Only holders are kept (a set of server ids
 * each), so memory follows the number of public members, not of all members.
 * @example
 * const roles = createRoleTracker(["1234567890123456789"]);
 * roles.handle({ t: "GUILD_MEMBER_UPDATE", d: member });
 */
export function createRoleTracker(roleIds: readonly string[]): RoleTracker {
  const wanted = new Set(roleIds);
  const byUser = new Map<string, Set<string>>();

  function _set(guildId: string, userId: string, holds: boolean, changed: string[]) {
    const before = byUser.has(userId);
    let guilds = byUser.get(userId);
    if (holds) {
      if (!guilds) byUser.set(userId, (guilds = new Set()));
      guilds.add(guildId);
    } else if (guilds?.delete(guildId) && guilds.size === 0) byUser.delete(userId);
    if (before !== byUser.has(userId)) changed.push(userId);
  }

  function _member(guildId: unknown, member: any, changed: string[]) {
    const userId = member?.user?.id;
    if (typeof guildId !== "string" || typeof userId !== "string" || !Array.isArray(member.roles)) return;
    _set(guildId, userId, member.roles.some((role: unknown) => wanted.has(role as string)), changed);
  }

  return {
    handle({ t, d }) {
      const changed: string[] = [];
      if (!d || typeof d !== "object") return changed;
      if (t === "GUILD_CREATE" || t === "GUILD_MEMBERS_CHUNK") {
        const guildId = t === "GUILD_CREATE" ? d.id : d.guild_id;
        if (Array.isArray(d.members)) for (const member of d.members) _member(guildId, member, changed);
      } else if (t === "GUILD_MEMBER_ADD" || t === "GUILD_MEMBER_UPDATE") _member(d.guild_id, d, changed);
      else if (t === "GUILD_MEMBER_REMOVE" && typeof d.user?.id === "string") _set(d.guild_id, d.user.id, false, changed);
      else if (t === "GUILD_DELETE" && !d.unavailable) {
        for (const userId of [...byUser.keys()]) _set(d.id, userId, false, changed);
      }
      return changed;
    },
    holds: (userId) => byUser.has(userId),
    forget: (userId) => void byUser.delete(userId),
  };
}
