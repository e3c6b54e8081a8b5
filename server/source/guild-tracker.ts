import type { RawPresence, RawUser } from "../presence/types.ts";
import type { PresenceSink } from "./source.ts";

/** The Gateway dispatches the tracker reads (raw, as Discord sends them). */
export interface GatewayPacket {
  t: string | null;
  d: any;
}

/**
 * Turns raw Gateway dispatches into hub writes and keeps guild membership, so a user is monitored
 * while they are a member of any of the bot's guilds. Working from raw dispatches (instead of
 * discord.js events) sees every PRESENCE_UPDATE, including the Spotify seeks and replays that
 * discord.js deduplicates away, and never drops users missing from its caches.
 */
export interface GuildTracker {
  handle(packet: GatewayPacket): void;
  /** Starts a full member resync of a guild; `finish` prunes members who were not seen again. */
  beginSync(guildId: string): { finish(): void; abort(): void };
  readonly guilds: number;
  readonly members: number;
}

/** @see GuildTracker */
export function createGuildTracker(sink: PresenceSink): GuildTracker {
  const members = new Map<string, Set<string>>();
  const syncing = new Map<string, Set<string>>();
  // How many of the guilds each member is in, kept as they come and go: its size is the member
  // count that every `/health` and `/metrics` reads, which counting at 50,000 members cost ≈10 ms.
  const memberships = new Map<string, number>();

  function _join(guildId: string, userId: string) {
    let set = members.get(guildId);
    if (!set) members.set(guildId, (set = new Set()));
    if (!set.has(userId)) set.add(userId), memberships.set(userId, (memberships.get(userId) ?? 0) + 1);
    syncing.get(guildId)?.add(userId);
  }

  function _leave(guildId: string, userId: string) {
    syncing.get(guildId)?.delete(userId);
    if (!members.get(guildId)?.delete(userId)) return;
    const left = memberships.get(userId)! - 1;
    if (left > 0) return void memberships.set(userId, left);
    memberships.delete(userId);
    sink.remove(userId);
  }

  function _members(guildId: string, list: any[], presences: any[] | undefined, complete: boolean) {
    const byId = new Map<string, RawPresence>();
    for (const p of presences ?? []) if (p?.user?.id) byId.set(p.user.id, _presence(p));
    for (const member of list) {
      const user = member?.user as RawUser | undefined;
      if (!user?.id) continue;
      _join(guildId, user.id);
      // Discord only lists presences of members who are not offline; when presences were asked
      // for (or the payload is complete), a member without one is offline now.
      const presence = byId.get(user.id) ?? (complete ? null : undefined);
      _write(user.id, presence === undefined ? { user } : { user, presence });
      byId.delete(user.id);
    }
    for (const [id, presence] of byId) {
      _join(guildId, id);
      _write(id, { presence });
    }
  }

  // A member list mostly repeats what is known (GUILD_CREATE, then the member sync listing the
  // same members): only what differs is written, so subscribers see no identical events.
  function _write(userId: string, diff: { user?: RawUser; presence?: RawPresence | null }) {
    if (!sink.holds?.(userId, diff)) sink.sync(userId, diff);
  }

  const handlers: Record<string, (d: any) => void> = {
    GUILD_CREATE(d) {
      if (d.unavailable) return;
      if (!members.has(d.id)) members.set(d.id, new Set());
      _members(d.id, d.members ?? [], d.presences, d.large === false);
    },
    GUILD_MEMBERS_CHUNK(d) {
      _members(d.guild_id, d.members ?? [], d.presences, Array.isArray(d.presences));
    },
    GUILD_MEMBER_ADD(d) {
      if (!d.user?.id) return;
      _join(d.guild_id, d.user.id);
      sink.sync(d.user.id, { user: d.user });
    },
    GUILD_MEMBER_UPDATE(d) {
      if (d.user?.id && members.get(d.guild_id)?.has(d.user.id)) sink.sync(d.user.id, { user: d.user });
    },
    GUILD_MEMBER_REMOVE(d) {
      if (d.user?.id) _leave(d.guild_id, d.user.id);
    },
    PRESENCE_UPDATE(d) {
      const id = d.user?.id;
      if (!id || !d.guild_id) return;
      // Discord only sends presences of members, so this also (re)joins an unseen member.
      _join(d.guild_id, id);
      sink.sync(id, d.user.username === undefined ? { presence: _presence(d) } : { user: d.user, presence: _presence(d) });
    },
    GUILD_DELETE(d) {
      // `unavailable` is an outage, not a departure: keep serving the last known state.
      if (d.unavailable) return;
      for (const id of [...(members.get(d.id) ?? [])]) _leave(d.id, id);
      members.delete(d.id);
    },
  };

  return {
    handle(packet) {
      const handler = packet.t ? handlers[packet.t] : undefined;
      if (handler && packet.d) handler(packet.d);
    },
    beginSync(guildId) {
      const seen = new Set<string>();
      syncing.set(guildId, seen);
      return {
        finish() {
          if (syncing.get(guildId) !== seen) return;
          syncing.delete(guildId);
          // Every member seen joined the guild's set as well: what remains to do is to prune.
          for (const id of [...(members.get(guildId) ?? [])]) if (!seen.has(id)) _leave(guildId, id);
        },
        abort() {
          if (syncing.get(guildId) === seen) syncing.delete(guildId);
        },
      };
    },
    get guilds() {
      return members.size;
    },
    get members() {
      return memberships.size;
    },
  };
}

// --- internal ---

function _presence(d: any): RawPresence {
  return { status: d.status, activities: d.activities ?? [], client_status: d.client_status ?? {} };
}
