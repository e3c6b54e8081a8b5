/**
 * A Discord REST + Gateway v10 simulator on one local port. The unmodified discord.js Client logs
 * in against it (`new Client({ rest: { api: sim.apiUrl } })`), so it powers `npm start` without a
 * token, the playground and every test. Scripted personas make the demo look alive.
 * @see README.md#the-discord-simulator
 * @example
 * const sim = await createSimulator();
 * const client = new Client({ intents, rest: { api: sim.apiUrl } });
 * await client.login("anything");
 * sim.setPresence(PERSONAS.moon.id, { status: "dnd" });
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { createActions } from "./actions.ts";
import { serveAsset } from "./assets.ts";
import { handleControl } from "./control.ts";
import { errorCodes, SimulatorError } from "./errors.ts";
import { floodPresences } from "./flood.ts";
import { acceptGatewayConnection, type GatewayConnection } from "./gateway.ts";
import { sendJson } from "./internal/http.ts";
import { personaPresence } from "./persona-presence.ts";
import { PERSONA_LIST, PERSONAS, SIMULATOR_BOT } from "./personas.ts";
import { createMessages } from "./messages.ts";
import { handleRest } from "./rest.ts";
import { startScript } from "./script.ts";
import { seedWorld } from "./seed.ts";
import { createSessionStore } from "./sessions.ts";
import type { Simulator, SimulatorEventMap, SimulatorOptions, SimulatorStats } from "./types.ts";

export {
  PERSONA_LIST,
  PERSONAS,
  SIMULATOR_BOT,
  type Persona,
  type PersonaKey,
} from "./personas.ts";
export { closeCodes, CLOSE_REASONS, intents, opcodes, shardOf } from "./protocol.ts";
export { errorCodes, SimulatorError } from "./errors.ts";
export { fillerUser } from "./seed.ts";
export { readPngSize } from "./internal/png.ts";
export type * from "./types.ts";

/** Starts a simulator listening on `host:port` (an ephemeral port by default). */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const {
    port = 0,
    host = "127.0.0.1",
    publicHost,
    personas = true,
    script = false,
    guilds = 1,
    members = 0,
    online = "all",
    heartbeatInterval = 41_250,
    token,
    privilegedIntents = {},
    sessionTimeoutMs = 120_000,
    shards = 1,
    now = Date.now,
    scriptTickMs = 1000,
  } = options;
  _checkOptions(options);
  const privileged = {
    presences: privilegedIntents.presences ?? true,
    members: privilegedIntents.members ?? true,
  };
  const stats: SimulatorStats = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    dispatches: 0,
    heartbeats: 0,
    rest: [],
  };
  const seedOptions = { bot: SIMULATOR_BOT, guilds, personas, members, online, now: now() };
  const { world, state } = seedWorld(seedOptions);
  const sessions = createSessionStore({
    timeoutMs: sessionTimeoutMs,
    onDispatch: () => void stats.dispatches++,
  });
  const actions = createActions(world, sessions);
  const connections = new Set<GatewayConnection>();
  const emitter = new EventEmitter<SimulatorEventMap>();

  const server = createServer((req, res) => {
    _onRequest(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { success: false, error: { code: errorCodes.Internal, message } });
    });
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `${publicHost ?? _urlHost(host)}:${address.port}`;
  const url = `http://${origin}`;
  const gatewayUrl = `ws://${origin}`;

  const gatewayContext = {
    world,
    sessions,
    stats,
    gatewayUrl,
    heartbeatInterval,
    token,
    privileged,
    ackHeartbeats: () => sim.ackHeartbeats,
    emit: emitter.emit.bind(emitter) as (event: any, ...args: any[]) => void,
  };
  const messages = createMessages(world, sessions, (message) => emitter.emit("message", message), now);
  const restContext = { world, stats, gatewayUrl, shards, token, privileged, messages };
  wss.on("connection", (ws, req) => {
    const onClosed = (closed: GatewayConnection) => connections.delete(closed);
    const conn = acceptGatewayConnection(ws, gatewayContext, onClosed);
    connections.add(conn);
    emitter.emit("connection", { remoteAddress: req.socket.remoteAddress });
  });

  let closing: Promise<void> | undefined;
  let stopScript: (() => void) | undefined;
  const sim: Simulator = Object.assign(emitter, {
    url,
    apiUrl: `${url}/api`,
    gatewayUrl,
    cdnUrl: `${url}/cdn`,
    spotifyImageUrl: `${url}/spotify/image`,
    bot: world.bot,
    guildIds: world.guildIds,
    ackHeartbeats: true,
    stats,
    ...actions,
    sendDirectMessage: messages.sendDirectMessage,
    messages: messages.messages,
    dmChannel: (userId: string) => messages.openDm(userId).id,
    drop(opts: Parameters<Simulator["drop"]>[0] = {}) {
      const { mode = "close", code = 4000, resumable = true } = opts;
      if (mode === "close" && !_closeCodeOk(code)) {
        throw new SimulatorError(errorCodes.InvalidBody, `${code} is not a valid close code`);
      }
      for (const conn of [...connections]) {
        if (mode === "invalidate") conn.invalidate(resumable);
        else if (conn.session && !resumable) sessions.forget(conn.session);
        if (mode === "close") conn.close(code);
        else if (mode === "terminate") conn.ws.terminate();
        else if (mode === "reconnect") conn.reconnect();
      }
    },
    flood: (opts: Parameters<Simulator["flood"]>[0]) => floodPresences(opts, { world, sessions }),
    member: (userId: string) => world.user(userId),
    presence: (userId: string) => world.presence(userId),
    members: (guildId?: string) => world.members(guildId),
    close(): Promise<void> {
      closing ??= _close();
      return closing;
    },
  });

  if (script) {
    stopScript = startScript({
      state,
      now,
      tickMs: scriptTickMs,
      apply: (key) => {
        const id = PERSONAS[key].id;
        if (world.presence(id)) actions.setPresence(id, personaPresence(key, state));
      },
    });
  }
  return sim;

  async function _onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reqUrl = new URL(req.url ?? "/", url);
    const path = reqUrl.pathname;
    if (path === "/api" || path.startsWith("/api/")) {
      return handleRest(req, res, reqUrl, restContext);
    }
    if (path === "/_sim" || path.startsWith("/_sim/")) {
      return handleControl(req, res, reqUrl, sim, _snapshot);
    }
    if (serveAsset(req, res, reqUrl)) return;
    if (path === "/") return sendJson(res, 200, _describe());
    sendJson(res, 404, { message: "404: Not Found", code: 0 });
  }

  function _describe() {
    return {
      name: "presence-kit Discord simulator",
      apiUrl: sim.apiUrl,
      gatewayUrl,
      cdnUrl: sim.cdnUrl,
      spotifyImageUrl: sim.spotifyImageUrl,
      control: `${url}/_sim/state`,
    };
  }

  function _snapshot(limit: number) {
    const all = world.members();
    return {
      ..._describe(),
      bot: world.bot,
      guilds: world.guildIds.map((id) => {
        const guild = world.guild(id)!;
        return { id, name: guild.name, owner_id: guild.ownerId, member_count: guild.members.size };
      }),
      personas: PERSONA_LIST.map(({ key, id, summary }) => ({ key, id, summary })),
      members_total: all.length,
      members: all.slice(0, limit).map((user) => ({
        user,
        guild_ids: world.guildsOf(user.id),
        presence: world.presence(user.id),
      })),
      sessions: sessions.all().map((s) => ({
        id: s.id,
        shard: s.shard,
        intents: s.intents,
        seq: s.seq,
        connected: s.socket !== null,
      })),
      stats: { ...stats, rest: stats.rest.slice(-50) },
    };
  }

  async function _close(): Promise<void> {
    stopScript?.();
    for (const conn of connections) conn.ws.terminate();
    sessions.clear();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// --- internal ---

/** The host to put in URLs: a wildcard bind is reached via loopback, IPv6 needs brackets. */
function _urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Close codes `ws` lets a server send. */
function _closeCodeOk(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

function _checkOptions(options: SimulatorOptions): void {
  const counts = { guilds: options.guilds, members: options.members, shards: options.shards };
  for (const [name, value] of Object.entries(counts)) {
    const min = name === "members" ? 0 : 1;
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new TypeError(`createSimulator: ${name} must be an integer ≥ ${min}`);
    }
  }
  const { online } = options;
  const onlineOk =
    online === "all" || online === "none" || (Number.isInteger(online) && Number(online) >= 0);
  if (online !== undefined && !onlineOk) {
    throw new TypeError('createSimulator: online must be "all", "none" or an integer ≥ 0');
  }
}
