/**
 * op 8 REQUEST_GUILD_MEMBERS → GUILD_MEMBERS_CHUNK dispatches, with Discord's intent rules:
 * presences need GUILD_PRESENCES, the full member list (`query: ""`, `limit: 0`) needs
 * GUILD_MEMBERS, and chunks hold at most 1000 members.
 */
import { toPresences } from "./internal/payloads.ts";
import { closeCodes, intents, shardOf } from "./protocol.ts";
import type { GatewayContext } from "./gateway.ts";
import type { Session } from "./sessions.ts";
import type { GuildState, World } from "./world.ts";

/** Members per GUILD_MEMBERS_CHUNK, as on Discord. */
export const CHUNK_SIZE = 1000;

/**
 * Answers one REQUEST_GUILD_MEMBERS for `session`.
 * @returns a close code when the request breaks the rules, else undefined.
 */
export function requestGuildMembers(
  session: Session,
  d: any,
  ctx: Pick<GatewayContext, "world" | "sessions" | "emit">,
): number | undefined {
  if (typeof d !== "object" || d === null) return closeCodes.DecodeError;
  const withPresences = d.presences === true;
  if (withPresences && !(session.intents & intents.GuildPresences)) {
    return closeCodes.InvalidIntents;
  }
  const userIds = d.user_ids == null ? null : [d.user_ids].flat().map(String).slice(0, 100);
  const query = typeof d.query === "string" ? d.query : null;
  if (!userIds && query === null) return closeCodes.DecodeError;
  const limit = Number.isInteger(d.limit) && d.limit > 0 ? d.limit : 0;
  if (!userIds && query === "" && limit === 0 && !(session.intents & intents.GuildMembers)) {
    return closeCodes.InvalidIntents;
  }
  const nonce = typeof d.nonce === "string" && d.nonce.length <= 32 ? d.nonce : undefined;

  for (const guildId of [d.guild_id].flat().map(String)) {
    const guild = ctx.world.guild(guildId);
    // Discord silently ignores guilds the session's shard does not own.
    if (!guild || shardOf(guild.id, session.shard[1]) !== session.shard[0]) continue;
    ctx.emit("request-members", { guildId, nonce });
    const { ids, notFound } = _select(ctx.world, guild, userIds, query ?? "", limit);
    const chunkCount = Math.max(1, Math.ceil(ids.length / CHUNK_SIZE));
    for (let i = 0; i < chunkCount; i++) {
      const slice = ids.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE);
      ctx.sessions.dispatch(session, "GUILD_MEMBERS_CHUNK", {
        guild_id: guild.id,
        members: slice.map((id) => ctx.world.memberObject(guild.id, id)),
        chunk_index: i,
        chunk_count: chunkCount,
        ...(withPresences ? { presences: toPresences(ctx.world, slice) } : {}),
        ...(userIds && i === 0 ? { not_found: notFound } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      });
    }
  }
  return undefined;
}

// --- internal ---

function _select(
  world: World,
  guild: GuildState,
  userIds: string[] | null,
  query: string,
  limit: number,
): { ids: string[]; notFound: string[] } {
  if (userIds) {
    const ids = userIds.filter((id) => guild.members.has(id));
    return { ids, notFound: userIds.filter((id) => !guild.members.has(id)) };
  }
  // A query matches the start of the username or display name; it returns at most 100 members.
  const max = query === "" ? limit || Infinity : Math.min(limit || 100, 100);
  const needle = query.toLowerCase();
  const ids: string[] = [];
  for (const id of guild.members.keys()) {
    if (ids.length >= max) break;
    const user = world.user(id)!;
    const names = [user.username, user.global_name].filter((n): n is string => Boolean(n));
    if (needle === "" || names.some((n) => n.toLowerCase().startsWith(needle))) ids.push(id);
  }
  return { ids, notFound: [] };
}
