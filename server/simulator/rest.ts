/**
 * Discord REST v10 routes discord.js and presence-kit call. Login needs only `GET /gateway/bot`;
 * the others answer what an app might fetch. Every response is `application/json` (discord.js
 * fails on anything else), and every hit is recorded in `stats.rest`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RawUser } from "../presence/types.ts";
import { CORS_HEADERS, readJson, sendJson } from "./internal/http.ts";
import { toGuild } from "./internal/payloads.ts";
import type { Messages } from "./messages.ts";
import type { SimulatorStats } from "./types.ts";
import type { World } from "./world.ts";

/** What the REST routes read. */
export interface RestContext {
  world: World;
  stats: SimulatorStats;
  gatewayUrl: string;
  shards: number;
  token: string | undefined;
  privileged: { presences: boolean; members: boolean };
  messages: Messages;
}

/** Serves a request under `/api` (versioned `/api/v10/...` or unversioned). */
export async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL, ctx: RestContext) {
  const body0 = req.method === "POST" ? await readJson(req).catch(() => null) : undefined;
  const [status, body] = _answer(req, url, ctx, body0);
  ctx.stats.rest.push({ method: req.method ?? "GET", path: url.pathname, status });
  if (ctx.stats.rest.length > 10_000) ctx.stats.rest.splice(0, 1_000);
  if (status === 204) return void res.writeHead(204, { ...CORS_HEADERS }).end();
  sendJson(res, status, body, { ...CORS_HEADERS });
}

// --- internal ---

type _Answer = [number, unknown];

const _NOT_FOUND: _Answer = [404, { message: "404: Not Found", code: 0 }];

function _answer(req: IncomingMessage, url: URL, ctx: RestContext, body: unknown): _Answer {
  if (req.method === "OPTIONS") return [204, null];
  const route = url.pathname.replace(/^\/api(\/v\d+)?/, "").replace(/\/$/, "");
  const auth = req.headers.authorization;
  if (ctx.token !== undefined && auth !== `Bot ${ctx.token}`) {
    return [401, { message: "401: Unauthorized", code: 0 }];
  }
  const channelAnswer = _channels(req.method ?? "GET", route, body, ctx.messages);
  if (channelAnswer) return channelAnswer;
  const handler = _route(route, url.searchParams, ctx);
  if (!handler) return _NOT_FOUND;
  if (req.method !== "GET" && req.method !== "HEAD") {
    return [405, { message: "405: Method Not Allowed", code: 0 }];
  }
  return handler();
}

function _route(route: string, query: URLSearchParams, ctx: RestContext): (() => _Answer) | null {
  const { world } = ctx;
  const parts = route.split("/").slice(1);
  if (route === "/gateway") return () => [200, { url: ctx.gatewayUrl }];
  if (route === "/gateway/bot") return () => [200, _gatewayBot(ctx)];
  if (route === "/users/@me") return () => [200, world.bot];
  if (route === "/applications/@me" || route === "/oauth2/applications/@me") {
    return () => [200, _application(world.bot, ctx.privileged)];
  }
  if (parts[0] === "users" && parts.length === 2) {
    return () => {
      const user = world.user(parts[1]);
      return user ? [200, user] : [404, { message: "Unknown User", code: 10013 }];
    };
  }
  if (parts[0] !== "guilds" || parts.length < 2 || parts.length > 4) return null;
  const guild = world.guild(parts[1]);
  const unknownGuild: _Answer = [404, { message: "Unknown Guild", code: 10004 }];
  if (parts.length === 2) {
    return () => {
      if (!guild) return unknownGuild;
      if (query.get("with_counts") !== "true") return [200, toGuild(guild)];
      const ids = [...guild.members.keys()];
      const online = ids.filter((id) => world.isOnline(id)).length;
      const counts = { approximate_member_count: ids.length, approximate_presence_count: online };
      return [200, { ...toGuild(guild), ...counts }];
    };
  }
  if (parts[2] !== "members") return null;
  return () => {
    if (!guild) return unknownGuild;
    if (parts.length === 4) {
      const member = world.memberObject(guild.id, parts[3]);
      return member ? [200, member] : [404, { message: "Unknown Member", code: 10007 }];
    }
    if (!ctx.privileged.members) return [403, { message: "Missing Access", code: 50001 }];
    const limit = Math.min(1000, Math.max(1, Number(query.get("limit")) || 1));
    const after = BigInt(/^\d+$/.test(query.get("after") ?? "") ? query.get("after")! : "0");
    const ids = [...guild.members.keys()]
      .filter((id) => BigInt(id) > after)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .slice(0, limit);
    return [200, ids.map((id) => world.memberObject(guild.id, id))];
  };
}

/** DM channels and messages: what a bot calls to open a DM and to reply. */
function _channels(method: string, route: string, body: unknown, messages: Messages): _Answer | null {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, any>;
  const invalid: _Answer = [400, { message: "Invalid Form Body", code: 50035 }];
  if (route === "/users/@me/channels") {
    if (method !== "POST") return [405, { message: "405: Method Not Allowed", code: 0 }];
    if (typeof b.recipient_id !== "string") return invalid;
    const channel = _tryOpen(messages, b.recipient_id);
    return channel ? [200, channel] : [400, { message: "Invalid Recipient(s)", code: 50033 }];
  }
  const match = /^\/channels\/(\d+)(\/messages)?$/.exec(route);
  if (!match) return null;
  const channel = messages.channel(match[1]);
  if (!channel) return [404, { message: "Unknown Channel", code: 10003 }];
  const notAllowed: _Answer = [405, { message: "405: Method Not Allowed", code: 0 }];
  if (!match[2]) return method === "GET" ? [200, channel] : notAllowed;
  if (method === "GET") return [200, messages.messages(channel.id).reverse()];
  if (method !== "POST") return notAllowed;
  if (typeof b.content !== "string" || b.content.length === 0) {
    return [400, { message: "Cannot send an empty message", code: 50006 }];
  }
  if (b.content.length > 2000) return invalid;
  const reference = b.message_reference?.message_id;
  const replyTo = typeof reference === "string" ? reference : undefined;
  return [200, messages.botPost(channel.id, b.content, replyTo)];
}

function _tryOpen(messages: Messages, userId: string) {
  try {
    return messages.openDm(userId);
  } catch {
    return undefined;
  }
}

function _gatewayBot(ctx: RestContext) {
  return {
    url: ctx.gatewayUrl,
    shards: ctx.shards,
    session_start_limit: {
      total: 1000,
      remaining: 1000,
      reset_after: 86_400_000,
      max_concurrency: 1,
    },
  };
}

function _application(bot: RawUser, privileged: RestContext["privileged"]) {
  return {
    id: bot.id,
    name: bot.username,
    icon: bot.avatar ?? null,
    description: "presence-kit's simulated Discord application",
    bot_public: false,
    bot_require_code_grant: false,
    bot,
    // GATEWAY_PRESENCE and GATEWAY_GUILD_MEMBERS: the privileged intents the bot may use.
    flags: (privileged.presences ? 1 << 12 : 0) | (privileged.members ? 1 << 14 : 0),
    verify_key: "0".repeat(64),
    team: null,
    owner: bot,
  };
}
