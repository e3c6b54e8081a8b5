/**
 * Load generation: many PRESENCE_UPDATEs, serialized before the clock starts and then written as
 * fast as each socket drains, so a benchmark measures the client rather than the simulator.
 */
import type { RawPresence } from "../presence/types.ts";
import { errorCodes, SimulatorError } from "./errors.ts";
import { toPresenceUpdate } from "./internal/payloads.ts";
import { DESKTOP_PLAYLIST, toSpotifyActivity } from "./playlists.ts";
import { intents } from "./protocol.ts";
import type { Session, SessionStore } from "./sessions.ts";
import type { World } from "./world.ts";

/** Dispatches written per socket before waiting for the socket to drain. */
const BATCH = 512;

/**
 * Sends `count` PRESENCE_UPDATEs cycling through `userIds` (default: every online member but the
 * bot), each with Spotify and VS Code activities whose track, sync_id and timestamps change.
 * The world keeps each user's last flooded presence.
 * @returns how many dispatches were written over all sessions, and how long that took.
 */
export async function floodPresences(
  opts: { count: number; userIds?: string[] },
  ctx: { world: World; sessions: SessionStore },
): Promise<{ sent: number; ms: number }> {
  const { world, sessions } = ctx;
  const { count } = opts;
  if (!Number.isInteger(count) || count < 0) {
    throw new SimulatorError(errorCodes.InvalidBody, "count must be a non-negative integer");
  }
  const userIds =
    opts.userIds ??
    world.members().filter((u) => u.id !== world.bot.id && world.isOnline(u.id)).map((u) => u.id);
  const guildOf = new Map<string, string>();
  for (const id of userIds) {
    const guildId = world.guildsOf(id)[0];
    if (!guildId) throw new SimulatorError(errorCodes.UnknownUser, `Unknown member ${id}`, 404);
    guildOf.set(id, guildId);
  }
  if (userIds.length === 0 || count === 0) return { sent: 0, ms: 0 };

  const perSession = new Map<Session, string[]>();
  const owners = new Map<string, Session[]>();
  const last = new Map<string, RawPresence>();
  const now = Date.now();
  for (let k = 0; k < count; k++) {
    const userId = userIds[k % userIds.length];
    const guildId = guildOf.get(userId)!;
    const presence = _floodPresence(userId, k, Math.floor(k / userIds.length), now);
    last.set(userId, presence);
    if (!owners.has(guildId)) owners.set(guildId, sessions.owning(guildId, intents.GuildPresences));
    const json = JSON.stringify(toPresenceUpdate(userId, presence, guildId));
    for (const session of owners.get(guildId)!) {
      if (!perSession.has(session)) perSession.set(session, []);
      perSession.get(session)!.push(json);
    }
  }
  for (const [userId, presence] of last) world.setPresence(userId, presence);

  const start = performance.now();
  await Promise.all([...perSession].map(([session, jsons]) => _write(sessions, session, jsons)));
  const sent = [...perSession.values()].reduce((sum, list) => sum + list.length, 0);
  return { sent, ms: Math.round((performance.now() - start) * 100) / 100 };
}

// --- internal ---

const _STATUSES = ["online", "idle", "dnd"] as const;
const _BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

async function _write(sessions: SessionStore, session: Session, jsons: string[]): Promise<void> {
  for (let i = 0; i < jsons.length; i += BATCH) {
    const end = Math.min(jsons.length, i + BATCH);
    // The last write's callback fires once the batch reached the socket: a cheap drain signal.
    await new Promise<void>((resolve) => {
      for (let j = i; j < end; j++) {
        const done = j === end - 1 ? resolve : undefined;
        sessions.dispatchJson(session, "PRESENCE_UPDATE", jsons[j], done);
      }
    });
  }
}

function _floodPresence(userId: string, k: number, round: number, now: number): RawPresence {
  const status = _STATUSES[round % _STATUSES.length];
  const track = DESKTOP_PLAYLIST[k % DESKTOP_PLAYLIST.length];
  const start = now - (k % 120) * 1000;
  const spotify = toSpotifyActivity(
    userId,
    { ...track, id: _syncId(k) },
    { index: 0, start, createdAt: start, sessionId: "f100d5e55102a7b3c4d5e6f708192a3b" },
  );
  const vscode = {
    id: "3b3e1d9c6a7f5e20",
    name: "Visual Studio Code",
    type: 0,
    application_id: "383226320970055681",
    created_at: now,
    details: `Editing file${k % 50}.ts`,
    state: "Workspace: presence-kit",
    timestamps: { start: now - 600_000 },
    assets: { large_image: "565945350836518919", small_image: "565945770067853323" },
  };
  return { status, client_status: { desktop: status }, activities: [spotify, vscode] };
}

/** A 22-character base62 track id that differs for every `k`. */
function _syncId(k: number): string {
  let tail = "";
  for (let n = k; tail === "" || n > 0; n = Math.floor(n / 62)) tail = _BASE62[n % 62] + tail;
  return "4cOdK2wGLETKBW3P" + tail.padStart(6, "0");
}
