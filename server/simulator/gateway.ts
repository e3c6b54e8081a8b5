/**
 * One Gateway connection: HELLO, heartbeats, IDENTIFY / RESUME validation and the per-socket
 * state machine (unidentified → identified → closed). Session state that must survive the
 * socket (sequence numbers, the resume buffer) lives in `sessions.ts`.
 */
import { randomBytes } from "node:crypto";
import { WebSocket } from "ws";
import type { RawUser } from "../presence/types.ts";
import { toGuildCreate } from "./internal/payloads.ts";
import { CLOSE_REASONS, closeCodes, intents, INTENTS_LIMIT, opcodes, shardOf } from "./protocol.ts";
import { requestGuildMembers } from "./request-members.ts";
import type { Session, SessionStore } from "./sessions.ts";
import type { SimulatorEventMap, SimulatorStats } from "./types.ts";
import type { World } from "./world.ts";

/** What every connection shares. */
export interface GatewayContext {
  world: World;
  sessions: SessionStore;
  stats: SimulatorStats;
  gatewayUrl: string;
  heartbeatInterval: number;
  token: string | undefined;
  privileged: { presences: boolean; members: boolean };
  ackHeartbeats: () => boolean;
  emit: <K extends keyof SimulatorEventMap>(event: K, ...args: SimulatorEventMap[K]) => void;
}

/** A live socket and the session it is attached to, if any. */
export interface GatewayConnection {
  ws: WebSocket;
  session: Session | null;
  /** Sends op 9; `resumable: false` also forgets the session. */
  invalidate(resumable: boolean): void;
  /** Sends op 7 RECONNECT. */
  reconnect(): void;
  close(code: number, reason?: string): void;
}

/** Starts the protocol on a freshly upgraded socket. */
export function acceptGatewayConnection(
  ws: WebSocket,
  ctx: GatewayContext,
  onClosed: (conn: GatewayConnection) => void,
): GatewayConnection {
  let sentCode: number | undefined;
  const conn: GatewayConnection = {
    ws,
    session: null,
    invalidate(resumable) {
      const session = conn.session;
      conn.session = null;
      if (session?.socket === ws) ctx.sessions.detach(session);
      if (session && !resumable) ctx.sessions.forget(session);
      _send({ op: opcodes.InvalidSession, d: resumable });
    },
    reconnect: () => _send({ op: opcodes.Reconnect, d: null }),
    close: (code, reason = CLOSE_REASONS[code] ?? "Simulated disconnect") => {
      if (sentCode !== undefined || ws.readyState !== WebSocket.OPEN) return;
      sentCode = code;
      ws.close(code, reason);
    },
  };

  ctx.stats.connections++;
  ws.on("error", () => {}); // a reset socket also emits "close", which does the cleanup
  ws.on("message", (data) => _onMessage(String(data)));
  ws.on("close", (code) => {
    if (conn.session?.socket === ws) ctx.sessions.detach(conn.session);
    ctx.emit("disconnect", { code: sentCode ?? code, sessionId: conn.session?.id ?? null });
    onClosed(conn);
  });
  _send({ op: opcodes.Hello, d: { heartbeat_interval: ctx.heartbeatInterval } });
  return conn;

  function _onMessage(data: string): void {
    if (sentCode !== undefined) return;
    let payload: { op?: unknown; d?: any };
    try {
      payload = JSON.parse(data);
    } catch {
      return conn.close(closeCodes.DecodeError);
    }
    if (typeof payload !== "object" || payload === null || typeof payload.op !== "number") {
      return conn.close(closeCodes.DecodeError);
    }
    switch (payload.op) {
      case opcodes.Heartbeat:
        ctx.stats.heartbeats++;
        if (ctx.ackHeartbeats()) _send({ op: opcodes.HeartbeatAck });
        return;
      case opcodes.Identify:
        return conn.session ? conn.close(closeCodes.AlreadyAuthenticated) : _identify(payload.d);
      case opcodes.Resume:
        return conn.session ? conn.close(closeCodes.AlreadyAuthenticated) : _resume(payload.d);
      case opcodes.PresenceUpdate:
      case opcodes.VoiceStateUpdate:
        // The bot's own presence and voice state are not simulated.
        if (!conn.session) conn.close(closeCodes.NotAuthenticated);
        return;
      case opcodes.RequestGuildMembers: {
        if (!conn.session) return conn.close(closeCodes.NotAuthenticated);
        const code = requestGuildMembers(conn.session, payload.d, ctx);
        if (code) conn.close(code);
        return;
      }
      default:
        return conn.close(closeCodes.UnknownOpcode);
    }
  }

  function _identify(d: any): void {
    if (!_tokenOk(d?.token)) return conn.close(closeCodes.AuthenticationFailed);
    const bits = d.intents;
    if (!Number.isInteger(bits) || bits < 0 || bits >= INTENTS_LIMIT) {
      return conn.close(closeCodes.InvalidIntents);
    }
    if (
      (!ctx.privileged.presences && bits & intents.GuildPresences) ||
      (!ctx.privileged.members && bits & intents.GuildMembers)
    ) {
      return conn.close(closeCodes.DisallowedIntents);
    }
    const shard = d.shard ?? [0, 1];
    if (!_validShard(shard)) return conn.close(closeCodes.InvalidShard);
    const threshold = Number.isInteger(d.large_threshold) ? d.large_threshold : 50;
    const session = ctx.sessions.create({
      id: randomBytes(16).toString("hex"),
      shard: [shard[0], shard[1]],
      intents: bits,
      largeThreshold: Math.min(250, Math.max(50, threshold)),
    });
    conn.session = session;
    ctx.sessions.attach(session, ws);
    ctx.stats.identifies++;
    ctx.emit("identify", { sessionId: session.id, shard: session.shard, intents: bits });

    const { world } = ctx;
    const owned = world.guildIds.filter((id) => shardOf(id, shard[1]) === shard[0]);
    ctx.sessions.dispatch(session, "READY", _ready(session, world.bot, owned));
    for (const id of owned) {
      const guild = toGuildCreate(world, world.guild(id)!, session);
      ctx.sessions.dispatch(session, "GUILD_CREATE", guild);
    }
    ctx.emit("ready", { sessionId: session.id, shard: session.shard });
  }

  function _resume(d: any): void {
    if (!_tokenOk(d?.token)) return conn.close(closeCodes.AuthenticationFailed);
    const session = ctx.sessions.get(String(d.session_id));
    if (!session || !ctx.sessions.canResume(session, d.seq)) {
      if (session) ctx.sessions.forget(session);
      return _send({ op: opcodes.InvalidSession, d: false });
    }
    // A client that detected a zombie connection may resume before we saw the old socket close.
    if (session.socket && session.socket !== ws) session.socket.terminate();
    conn.session = session;
    ctx.sessions.attach(session, ws);
    const replayed = ctx.sessions.replay(session, d.seq);
    ctx.stats.resumes++;
    ctx.emit("resume", { sessionId: session.id, replayed });
  }

  function _tokenOk(token: unknown): boolean {
    if (typeof token !== "string" || token === "") return false;
    return ctx.token === undefined || token.replace(/^Bot /, "") === ctx.token;
  }

  function _ready(session: Session, bot: RawUser, guildIds: string[]) {
    return {
      v: 10,
      user_settings: {},
      user: bot,
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: ctx.gatewayUrl,
      shard: session.shard,
      application: { id: bot.id, flags: _applicationFlags(ctx) },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      _trace: ["[\"presence-kit-simulator\",{\"micros\":0}]"],
    };
  }

  function _send(payload: object): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  }
}

// --- internal ---

function _validShard(shard: unknown): shard is [number, number] {
  if (!Array.isArray(shard) || shard.length !== 2) return false;
  const [id, count] = shard;
  return Number.isInteger(id) && Number.isInteger(count) && count >= 1 && id >= 0 && id < count;
}

/** Application flags: the GATEWAY_* bits for the privileged intents the bot is allowed. */
function _applicationFlags(ctx: GatewayContext): number {
  return (ctx.privileged.presences ? 1 << 12 : 0) | (ctx.privileged.members ? 1 << 14 : 0);
}
