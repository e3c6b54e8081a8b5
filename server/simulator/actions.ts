/**
 * The simulator's world-changing operations, each turned into the dispatches Discord would send
 * to every session whose shard owns the guild and whose intents include the event's intent.
 */
import type { RawPresence, RawUser } from "../presence/types.ts";
import { errorCodes, SimulatorError } from "./errors.ts";
import { toMemberDispatch, toPresenceUpdate, toRole } from "./internal/payloads.ts";
import { intents } from "./protocol.ts";
import type { SessionStore } from "./sessions.ts";
import { normalizePresence, type World } from "./world.ts";

/** The operations; see `Simulator` in `types.ts` for their contracts. */
export type Actions = ReturnType<typeof createActions>;

/** Binds the operations to a world and its sessions. */
export function createActions(world: World, sessions: SessionStore) {
  const actions = {
    setPresence(userId: string, patch: Partial<RawPresence>, opts: { user?: RawUser } = {}): void {
      const current = _presenceOf(userId);
      const status = patch.status ?? current.status;
      // A bare status change keeps the platforms the user is on, with the new status.
      const platforms = Object.keys(current.client_status ?? {});
      const next = normalizePresence({
        status,
        activities: patch.activities ?? current.activities ?? [],
        client_status:
          patch.client_status ??
          Object.fromEntries((platforms.length ? platforms : ["desktop"]).map((p) => [p, status])),
      });
      world.setPresence(userId, next);
      const user = opts.user ? world.patchUser({ ...opts.user, id: userId }) : undefined;
      for (const guildId of world.guildsOf(userId)) {
        const d = toPresenceUpdate(userId, next, guildId, user);
        _dispatch(guildId, intents.GuildPresences, "PRESENCE_UPDATE", d);
      }
    },

    addMember(user: RawUser, opts: { guildId?: string; presence?: RawPresence } = {}): void {
      _checkId(user?.id);
      const guildId = opts.guildId ?? world.guildIds[0];
      if (!world.guild(guildId)) {
        throw new SimulatorError(errorCodes.UnknownGuild, `Unknown guild ${guildId}`, 404);
      }
      if (world.addMember(guildId, user)) {
        const member = world.memberObject(guildId, user.id)!;
        const d = toMemberDispatch(guildId, member);
        _dispatch(guildId, intents.GuildMembers, "GUILD_MEMBER_ADD", d);
      }
      if (opts.presence) actions.setPresence(user.id, opts.presence);
    },

    removeMember(userId: string, opts: { guildId?: string } = {}): void {
      if (userId === world.bot.id) {
        throw new SimulatorError(errorCodes.InvalidBody, "The bot cannot leave its guilds");
      }
      const guildIds = opts.guildId ? [opts.guildId] : world.guildsOf(userId);
      let removed = 0;
      for (const guildId of guildIds) {
        const user = world.removeMember(guildId, userId);
        if (!user) continue;
        removed++;
        const d = { guild_id: guildId, user };
        _dispatch(guildId, intents.GuildMembers, "GUILD_MEMBER_REMOVE", d);
      }
      if (removed === 0) throw _unknownUser(userId);
    },

    createRole(name: string, opts: { guildId?: string } = {}) {
      const guildId = _guild(opts.guildId);
      if (typeof name !== "string" || name.length < 1 || name.length > 100) {
        throw new SimulatorError(errorCodes.InvalidBody, "name must be 1 to 100 characters");
      }
      const role = toRole(world.addRole(guildId, name));
      _dispatch(guildId, intents.Guilds, "GUILD_ROLE_CREATE", { guild_id: guildId, role });
      return role;
    },

    setMemberRoles(userId: string, roleIds: string[], opts: { guildId?: string } = {}): void {
      const guildId = _guild(opts.guildId);
      const guild = world.guild(guildId)!;
      if (!guild.members.has(userId)) throw _unknownUser(userId);
      const unknown = roleIds.find((id) => !guild.roles.has(id));
      if (unknown !== undefined) {
        throw new SimulatorError(errorCodes.UnknownRole, `Unknown role ${String(unknown).slice(0, 40)}`, 404);
      }
      world.setMemberRoles(guildId, userId, roleIds);
      const d = toMemberDispatch(guildId, world.memberObject(guildId, userId)!);
      _dispatch(guildId, intents.GuildMembers, "GUILD_MEMBER_UPDATE", d);
    },

    updateUser(user: RawUser): void {
      _checkId(user?.id);
      const guildIds = world.guildsOf(user.id);
      if (guildIds.length === 0) throw _unknownUser(user.id);
      world.patchUser(user);
      for (const guildId of guildIds) {
        const member = world.memberObject(guildId, user.id)!;
        const d = toMemberDispatch(guildId, member);
        _dispatch(guildId, intents.GuildMembers, "GUILD_MEMBER_UPDATE", d);
      }
    },
  };
  return actions;

  function _guild(guildId: string | undefined): string {
    const id = guildId ?? world.guildIds[0];
    if (!world.guild(id)) throw new SimulatorError(errorCodes.UnknownGuild, `Unknown guild ${String(id).slice(0, 40)}`, 404);
    return id;
  }

  function _presenceOf(userId: string): RawPresence {
    const presence = world.presence(userId);
    if (!presence) throw _unknownUser(userId);
    return presence;
  }

  /** Serializes once, then numbers and sends per session. */
  function _dispatch(guildId: string, intent: number, t: string, d: unknown): void {
    const targets = sessions.owning(guildId, intent);
    if (targets.length === 0) return;
    const json = JSON.stringify(d);
    for (const session of targets) sessions.dispatchJson(session, t, json);
  }
}

// --- internal ---

function _unknownUser(userId: string): SimulatorError {
  return new SimulatorError(errorCodes.UnknownUser, `${userId} is not a member of any guild`, 404);
}

function _checkId(id: unknown): asserts id is string {
  if (typeof id !== "string" || !/^\d{1,20}$/.test(id)) {
    throw new SimulatorError(errorCodes.InvalidBody, "user.id must be a snowflake string");
  }
}
