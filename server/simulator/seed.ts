/**
 * Fills a new world: demo guilds, the personas and generated filler members with deterministic
 * ids, names, avatars and presences (so load tests and benchmarks are reproducible).
 */
import type { RawPresence, RawUser } from "../presence/types.ts";
import { toSnowflake } from "./internal/snowflake.ts";
import { createPersonaState, personaPresence, type PersonaState } from "./persona-presence.ts";
import { DEMO_GUILD_ID, PERSONA_LIST, SECOND_GUILD_PERSONAS } from "./personas.ts";
import { createWorld, normalizePresence, type World } from "./world.ts";

/** What to put in the world. */
export interface SeedOptions {
  bot: RawUser;
  guilds: number;
  personas: boolean;
  members: number;
  online: "all" | "none" | number;
  now: number;
}

/**
 * The demo guild ids: consecutive timestamps after {@link DEMO_GUILD_ID}, so with N shards guild i
 * lands on shard i % N.
 */
export function demoGuildIds(count: number): string[] {
  const base = BigInt(DEMO_GUILD_ID);
  return Array.from({ length: count }, (_, i) => (base + (BigInt(i) << 22n)).toString());
}

/** Creates the world and returns it with the personas' initial state. */
export function seedWorld(options: SeedOptions): { world: World; state: PersonaState } {
  const guildIds = demoGuildIds(options.guilds);
  const names = guildIds.map((_, i) => _GUILD_NAMES[i] ?? `presence-kit demo ${i + 1}`);
  const world = createWorld(options.bot, guildIds, names);
  const state = createPersonaState(options.now);

  if (options.personas) {
    world.guild(guildIds[0])!.ownerId = PERSONA_LIST[0].id;
    for (const persona of PERSONA_LIST) {
      world.addMember(guildIds[0], persona.user);
      if (guildIds[1] && SECOND_GUILD_PERSONAS.includes(persona.key)) {
        world.addMember(guildIds[1], persona.user);
      }
      world.setPresence(persona.id, normalizePresence(personaPresence(persona.key, state)));
    }
  }
  const { online: which } = options;
  const online = which === "all" ? Infinity : which === "none" ? 0 : which;
  for (let i = 0; i < options.members; i++) {
    const user = fillerUser(i);
    world.addMember(guildIds[i % guildIds.length], user);
    if (i < online) world.setPresence(user.id, fillerPresence(i));
  }
  return { world, state };
}

/** Filler member `i` (0-based): ids are snowflakes one second apart from 2020-01-01. */
export function fillerUser(i: number): RawUser {
  const id = toSnowflake(_FILLER_EPOCH + i * 1000, i);
  return {
    id,
    username: `member${String(i + 1).padStart(5, "0")}`,
    global_name: `Member ${i + 1}`,
    discriminator: "0",
    // Every third member keeps the default avatar, like real guilds.
    avatar: i % 3 === 0 ? null : _hex32(id),
    public_flags: i % 7 === 0 ? 64 << (i % 3) : 0,
    avatar_decoration_data: null,
    primary_guild: null,
  };
}

/** The presence filler member `i` starts with when online: mostly online, some idle or dnd. */
export function fillerPresence(i: number): RawPresence {
  const status = i % 10 < 6 ? "online" : i % 10 < 8 ? "idle" : "dnd";
  const platform = (["desktop", "mobile", "web"] as const)[i % 3];
  return { status, client_status: { [platform]: status }, activities: [] };
}

// --- internal ---

const _GUILD_NAMES = ["presence-kit demo", "presence-kit lounge"];
const _FILLER_EPOCH = Date.UTC(2020, 0, 1);

/** A deterministic 32-hex avatar hash derived from the user id. */
function _hex32(id: string): string {
  let out = "";
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 32; round++) {
    for (const c of id + round) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, 32);
}
