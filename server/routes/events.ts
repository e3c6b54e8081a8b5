import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { ErrorCode, apiError } from "../errors.ts";
import { isSnowflake } from "../presence/user.ts";
import {
  createSseBroker,
  type SseBroker,
  type SseBrokerOptions,
  type SseTarget,
} from "../sse/broker.ts";
import { SSE_HEADERS } from "../sse/protocol.ts";

/** Tuning of the SSE routes (tests shorten the heartbeat); defaults in `server/sse/protocol.ts`. */
export type EventsOptions = Omit<SseBrokerOptions, "hub" | "source">;

/**
 * Server-Sent Events: `GET /v1/users/:id/events` (one user) and `GET /v1/events?ids=a,b` or
 * `?all=true` (several), resumable with `Last-Event-ID`. Streams end on shutdown.
 * @see README.md#server-sent-events
 */
export function eventsRoutes(app: H3, deps: AppDeps, options: EventsOptions = {}): SseBroker {
  const { config, hub } = deps;
  const broker = createSseBroker({ ...options, hub, source: deps.source });
  deps.shutdown.add(() => broker.close());

  app.get("/v1/users/:id/events", function _userEvents(event) {
    const id = getRouterParam(event, "id", { decode: true }) ?? "";
    if (!isSnowflake(id)) throw _invalidId(id);
    const lastEventId = _lastEventId(event);
    // A reconnect is let in even while the user is not monitored (a restart, or they left): a 404
    // would make a browser's EventSource give up for good. The stream then says `remove`.
    if (!hub.has(id) && lastEventId === undefined) {
      throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    }
    return _stream(event, broker, { userId: id }, lastEventId);
  });

  app.get("/v1/events", function _events(event) {
    const params = event.url.searchParams;
    const all = _flag(params.get("all"));
    if (all) {
      if (!config.allowSubscribeAll) {
        const message = "Subscribing to all users is disabled on this server";
        throw apiError(403, ErrorCode.subscribeAllDisabled, message);
      }
      return _stream(event, broker, { all: true }, _lastEventId(event));
    }
    const ids = _ids(params.getAll("ids"));
    if (ids.length === 0) {
      const message = "Name the users to follow with ?ids=<id>,<id> (or ?all=true)";
      throw apiError(400, ErrorCode.missingIds, message);
    }
    const max = config.maxSubscriptionIds;
    if (ids.length > max) {
      throw apiError(400, ErrorCode.tooManyIds, `At most ${max} ids per stream, got ${ids.length}`);
    }
    const bad = ids.find((id) => !isSnowflake(id));
    if (bad !== undefined) throw _invalidId(bad);
    return _stream(event, broker, { ids }, _lastEventId(event));
  });

  return broker;
}

// --- internal ---

// h3 writes nothing for a handler that answers this: the stream owns the Node response.
const kHandled = Symbol.for("h3.handled");

async function _stream(
  event: H3Event,
  broker: SseBroker,
  target: SseTarget,
  lastEventId: string | undefined,
) {
  const res = event.runtime?.node?.res;
  if (!res) throw apiError(501, ErrorCode.notImplemented, "Server-Sent Events need the Node.js server");
  if (broker.closed) throw apiError(503, ErrorCode.unavailable, "The server is shutting down");
  // A HEAD (a monitor, a link checker) gets the stream's headers and no stream.
  if (event.req.method === "HEAD") {
    for (const [name, value] of Object.entries(SSE_HEADERS)) event.res.headers.set(name, value);
    return "";
  }
  // Headers set by middleware (CORS) live on event.res, which h3 would only apply to a Response.
  const headers: OutgoingHttpHeaders = {};
  event.res.headers.forEach((value, key) => void (headers[key] = value));
  // h3 must not answer until the stream is over, or it would end the response.
  // The server is node:http (HTTP/1.1); HTTP/2 would refuse the `connection` header anyway.
  await broker.open(res as ServerResponse, target, { lastEventId, headers });
  return kHandled;
}

/** The browser's `Last-Event-ID` header wins over `?last_event_id=`, which may be stale. */
function _lastEventId(event: H3Event): string | undefined {
  const value = event.req.headers.get("last-event-id") ?? event.url.searchParams.get("last_event_id");
  return value?.trim() || undefined;
}

/** `?ids=a,b&ids=c`: trimmed, without empty items and duplicates. */
function _ids(values: string[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const id of value.split(",")) if (id.trim()) ids.add(id.trim());
  }
  return [...ids];
}

function _flag(value: string | null): boolean {
  if (value === null) return false;
  const v = value.trim().toLowerCase();
  if (v === "" || v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw apiError(400, ErrorCode.badRequest, `all must be true or false, got "${value.slice(0, 20)}"`);
}

function _invalidId(id: string) {
  const message = `"${id.slice(0, 40)}" is not a Discord user id (a snowflake)`;
  return apiError(400, ErrorCode.invalidUserId, message);
}
