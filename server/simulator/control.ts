/**
 * The HTTP control surface under `/_sim`: the same operations as the in-process methods, for the
 * standalone simulator, the playground and scripts. Answers `{ success, data | error }`; bad
 * input is a 400 with a snake_case code, never a crash.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RawActivity, RawPresence, RawUser } from "../presence/types.ts";
import { errorCodes, SimulatorError } from "./errors.ts";
import { CORS_HEADERS, readJson, sendJson } from "./internal/http.ts";
import type { Simulator } from "./types.ts";

/** What `GET /_sim/state` returns. */
export type StateSnapshot = (limit: number) => unknown;

/** Serves one `/_sim/...` request. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  sim: Simulator,
  snapshot: StateSnapshot,
): Promise<void> {
  try {
    if (req.method === "OPTIONS") return void res.writeHead(204, { ...CORS_HEADERS }).end();
    const data = await _route(req, url, sim, snapshot);
    sendJson(res, 200, { success: true, data }, { ...CORS_HEADERS });
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    const body = { success: false, error: { code: error.code, message: error.message } };
    sendJson(res, error.status, body, { ...CORS_HEADERS });
  }
}

// --- internal ---

const _STATUSES = ["online", "idle", "dnd", "offline", "invisible"];
const _PLATFORMS = ["desktop", "mobile", "web", "embedded", "vr"];
const _DROP_MODES = ["close", "terminate", "reconnect", "invalidate"];

async function _route(req: IncomingMessage, url: URL, sim: Simulator, snapshot: StateSnapshot) {
  const path = url.pathname.replace(/\/$/, "");
  const method = req.method ?? "GET";
  const memberMatch = /^\/_sim\/members\/(\d{1,20})$/.exec(path);
  const routes: Record<string, Record<string, () => Promise<unknown> | unknown>> = {
    "/_sim/state": {
      GET: () => snapshot(Math.min(100_000, Number(url.searchParams.get("limit")) || 1000)),
    },
    "/_sim/presence": {
      POST: async () => {
        const body = _object(await readJson(req));
        const userId = _snowflake(body.user_id, "user_id");
        const user = body.user === undefined ? undefined : _user(body.user);
        sim.setPresence(userId, _presence(body, false), { user });
        return sim.presence(userId);
      },
    },
    "/_sim/members": {
      POST: async () => {
        const body = _object(await readJson(req));
        const user = _user(body.user);
        const guildId = _optional(body.guild_id, (v) => _snowflake(v, "guild_id"));
        const presence = _optional(body.presence, (v) => _presence(_object(v, "presence"), true));
        sim.addMember(user, { guildId, presence });
        return { user: sim.member(user.id), presence: sim.presence(user.id) };
      },
    },
    "/_sim/users": {
      POST: async () => {
        const user = _user(await readJson(req));
        sim.updateUser(user);
        return sim.member(user.id);
      },
    },
    "/_sim/messages": {
      POST: async () => {
        const body = _object(await readJson(req));
        const userId = _snowflake(body.user_id, "user_id");
        if (typeof body.content !== "string" || body.content === "") {
          _bad("content must be a non-empty string");
        }
        return sim.sendDirectMessage(userId, body.content);
      },
    },
    "/_sim/roles": {
      POST: async () => {
        const body = _object(await readJson(req));
        const guildId = _optional(body.guild_id, (v) => _snowflake(v, "guild_id"));
        if (typeof body.name !== "string") _bad("name must be a string");
        return sim.createRole(body.name, { guildId });
      },
    },
    "/_sim/drop": {
      POST: async () => {
        const body = _object(await readJson(req));
        const mode = body.mode ?? "close";
        if (!_DROP_MODES.includes(mode)) _bad(`mode must be one of ${_DROP_MODES.join(", ")}`);
        const code = _optional(body.code, (v) =>
          Number.isInteger(v) ? (v as number) : _bad("code must be an integer"),
        );
        const resumable = _optional(body.resumable, (v) =>
          typeof v === "boolean" ? v : _bad("resumable must be a boolean"),
        );
        sim.drop({ mode, code, resumable });
        return { dropped: true };
      },
    },
    "/_sim/flood": {
      POST: async () => {
        const body = _object(await readJson(req));
        if (!Number.isInteger(body.count) || body.count < 1 || body.count > 1_000_000) {
          _bad("count must be an integer from 1 to 1000000");
        }
        const userIds = _optional(body.user_ids, (v) =>
          _array(v, "user_ids").map((id) => _snowflake(id, "user_ids[]")),
        );
        return sim.flood({ count: body.count, userIds });
      },
    },
  };
  const rolesMatch = /^\/_sim\/members\/(\d{1,20})\/roles$/.exec(path);
  if (rolesMatch) {
    routes[path] = {
      PUT: async () => {
        const body = _object(await readJson(req));
        const roleIds = _array(body.role_ids, "role_ids").map((id) => _snowflake(id, "role_ids[]"));
        const guildId = _optional(body.guild_id, (v) => _snowflake(v, "guild_id"));
        sim.setMemberRoles(rolesMatch[1], roleIds, { guildId });
        return { user_id: rolesMatch[1], role_ids: roleIds };
      },
    };
  }
  if (memberMatch) {
    routes[path] = {
      DELETE: () => {
        const guildId = url.searchParams.get("guild_id") ?? undefined;
        sim.removeMember(memberMatch[1], { guildId });
        return { removed: memberMatch[1] };
      },
    };
  }
  const route = routes[path];
  if (!route) throw new SimulatorError(errorCodes.NotFound, `No control route ${path}`, 404);
  const handler = route[method] ?? (method === "HEAD" ? route.GET : undefined);
  if (!handler) {
    const message = `${method} is not allowed on ${path}`;
    throw new SimulatorError(errorCodes.MethodNotAllowed, message, 405);
  }
  return handler();
}

function _bad(message: string): never {
  throw new SimulatorError(errorCodes.InvalidBody, message);
}

function _object(value: unknown, name = "body"): Record<string, any> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Record<string, any>;
  }
  _bad(`${name} must be an object`);
}

function _optional<T>(value: unknown, parse: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function _array(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) _bad(`${name} must be an array`);
  return value;
}

function _snowflake(value: unknown, name: string): string {
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return value;
  _bad(`${name} must be a snowflake string`);
}

function _user(value: unknown): RawUser {
  const user = _object(value, "user");
  _snowflake(user.id, "user.id");
  for (const key of ["username", "global_name", "avatar", "discriminator"]) {
    if (user[key] != null && typeof user[key] !== "string") _bad(`user.${key} must be a string`);
  }
  return user as RawUser;
}

/** A presence (or presence patch when `full` is false) from a request body. */
function _presence(body: Record<string, any>, full: boolean): RawPresence {
  const { status, activities, client_status } = body;
  if ((full || status !== undefined) && !_STATUSES.includes(status)) {
    _bad(`status must be one of ${_STATUSES.join(", ")}`);
  }
  if (activities !== undefined) {
    for (const activity of _array(activities, "activities")) {
      const a = _object(activity, "activity");
      if (typeof a.name !== "string" || !Number.isInteger(a.type) || a.type < 0 || a.type > 6) {
        _bad("each activity needs a string name and an integer type 0–6");
      }
    }
  }
  if (client_status !== undefined) {
    for (const [platform, value] of Object.entries(_object(client_status, "client_status"))) {
      if (!_PLATFORMS.includes(platform) || !_STATUSES.includes(value as string)) {
        _bad(`client_status.${platform} is invalid`);
      }
    }
  }
  const out: Partial<RawPresence> = {};
  if (status !== undefined) out.status = status;
  if (activities !== undefined) out.activities = activities as RawActivity[];
  if (client_status !== undefined) out.client_status = client_status;
  return out as RawPresence;
}
