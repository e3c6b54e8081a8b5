/**
 * OpenAPI description of presence-kit's own routes: `/` (JSON info, the playground page or Grux's
 * socket), `/health`, `/metrics`, the docs, the widget bundle and the playground's assets.
 * @see README.md#endpoints
 */

import { SourceState } from "../source/source.ts";
import { body, envelopeError, json, nullable, ref, strictObject, type Json } from "./common.ts";

const _count = { type: "integer", minimum: 0 };
const _states = { enum: Object.values(SourceState) };
const _version = { type: "string", description: "presence-kit's version (package.json)." };

/** Schemas of the service routes. */
export const serviceSchemas: Record<string, Json> = {
  RootResponse: strictObject({
    success: { const: true },
    data: strictObject({ info: { type: "string" }, monitored_user_count: _count, version: _version }),
  }),
  HealthResponse: strictObject({
    success: { type: "boolean", description: "`true` exactly when the status is 200." },
    data: strictObject(
      {
        status: { enum: ["ok", "degraded"] },
        version: _version,
        gateway: ref("HealthGateway"),
        monitored_users: _count,
        cluster: ref("HealthCluster"),
        uptime_ms: _count,
      },
      ["cluster"],
    ),
  }),
  HealthGateway: {
    ...strictObject(
      {
        source: { type: "string", description: "`discord`, or `bus` on an api process." },
        state: _states,
        since: { type: "integer", description: "Milliseconds since the epoch of the last change." },
        error: { type: "string", description: "Why, when failed or (api) reconnecting." },
        guilds: _count,
        members: _count,
        ping: { type: "number", description: "Last heartbeat round trip in ms, -1 when unknown." },
        shards: {
          type: "array",
          items: strictObject({ id: _count, state: _states }),
          description: "Each gateway shard the process runs (on an api process: the gateway's).",
        },
      },
      ["error", "shards"],
    ),
    description: "The Discord gateway's state; an api process shows the gateway's last heartbeat.",
  },
  HealthCluster: {
    ...strictObject(
      {
        role: { enum: ["all", "gateway", "api"] },
        bus: { enum: ["connected", "disconnected"] },
        storage: { enum: ["connected", "disconnected"] },
        gateway_heartbeat_age_ms: nullable(_count),
      },
      ["gateway_heartbeat_age_ms"],
    ),
    description: "Only over Redis (README, Scaling out); the heartbeat age only on api processes.",
  },
  LivenessResponse: strictObject({
    success: { const: true },
    data: strictObject({
      status: { const: "alive" },
      version: _version,
      uptime_ms: _count,
      event_loop_delay_ms: { ..._count, description: "p99 event-loop delay since start, in ms." },
    }),
  }),
  PlaygroundUsersResponse: strictObject({
    success: { const: true },
    data: {
      type: "array",
      maxItems: 200,
      items: strictObject({
        id: { type: "string" },
        username: { type: "string" },
        display_name: { type: "string" },
        avatar_url: { type: "string", format: "uri" },
        bot: { type: "boolean" },
        discord_status: { enum: ["online", "idle", "dnd", "offline"] },
        activity: {
          anyOf: [{ type: "string" }, { type: "null" }],
          description: "Name of the first activity that is not a custom status.",
        },
      }),
    },
  }),
};

const _cached = { ETag: { schema: { type: "string" } }, "Cache-Control": { schema: { type: "string" } } };
const _notModified = { description: "Not modified (`If-None-Match` matched the `ETag`).", headers: _cached };
const _widgets = {
  tags: ["Web components"],
  summary: "The web components' bundle (an ES module built from `widgets/`)",
  description: "Re-read when the file changes, so a rebuilt bundle is served without a restart.",
  responses: {
    "200": { ...body("The bundle.", "text/javascript; charset=utf-8"), headers: _cached },
    "304": _notModified,
    "404": envelopeError("`not_found`: not built (`npm run build:widgets`)."),
  },
};

/** The service's paths. */
export const servicePaths: Record<string, Json> = {
  "/": {
    get: {
      tags: ["presence-kit"],
      summary: "Service info as JSON, the playground page for a browser, or Grux's WebSocket",
      description:
        "Negotiated on `Accept` (answers carry `Vary: Accept`): one that ranks `text/html` at least " +
        "as high as JSON gets the playground page; none, `*/*` or `application/json` get the JSON " +
        "info. A WebSocket upgrade (`?user_id=<id>`) is Grux's socket.\n\n" +
        "Whose presence any route serves is the operator's choice (`CONSENT`, README \"Privacy and " +
        "consent\"): `guild` (default) serves every member of the counted servers (`GUILD_IDS`, " +
        "else all), `role` only members holding `CONSENT_ROLE_ID`, `opt-in` only users who sent the " +
        "bot `.optin`. In every mode `.optout` (and `.forget`, which also deletes what is stored) by " +
        "DM makes a user answer like an unknown one: 404 `user_not_monitored`, removed from streams.",
      responses: {
        "200": {
          description: "The JSON info, or the playground page.",
          headers: { Vary: { schema: { type: "string" } } },
          content: {
            "application/json": { schema: ref("RootResponse") },
            "text/html; charset=utf-8": { schema: { type: "string" } },
          },
        },
        "304": _notModified,
        "101": { description: "Grux WebSocket (`initial_data`, then `presence_update`) when upgrading." },
      },
    },
  },
  "/health": {
    get: {
      tags: ["presence-kit"],
      summary: "Gateway state and counts (on every role; never rate limited)",
      description:
        "200 when the gateway is ready (and, over Redis, the bus and storage are connected; on an " +
        "api process, the gateway's heartbeat is fresh), else 503 with the same body.",
      responses: {
        "200": json("Ready.", ref("HealthResponse")),
        "503": json("Not ready (`success: false`, `status: degraded`).", ref("HealthResponse")),
      },
    },
  },
  "/livez": {
    get: {
      tags: ["presence-kit"],
      summary: "Liveness: 200 while the process can answer (on every role; never rate limited)",
      description:
        "Does not depend on Discord, Redis or the gateway: a container HEALTHCHECK or a liveness " +
        "probe restarts on no answer within its timeout. Readiness (route traffic or not) is `/health`.",
      responses: { "200": json("Alive.", ref("LivenessResponse")) },
    },
  },
  "/metrics": {
    get: {
      tags: ["presence-kit"],
      summary: "Prometheus metrics, text exposition format 0.0.4 (never rate limited)",
      responses: {
        "200": body("Counters and gauges of this process.", "text/plain; version=0.0.4; charset=utf-8"),
        "404": envelopeError("`not_found`: the route is off (`METRICS=false`)."),
      },
    },
  },
  "/openapi.json": {
    get: {
      tags: ["presence-kit"],
      summary: "This document",
      responses: { "200": json("OpenAPI 3.1.", { type: "object", required: ["openapi", "paths"] }) },
    },
  },
  "/docs": {
    get: {
      tags: ["presence-kit"],
      summary: "A self-contained HTML page listing every route and schema",
      responses: { "200": body("HTML.", "text/html; charset=utf-8") },
    },
  },
  "/widgets.js": { get: _widgets, head: { ..._widgets, summary: "The bundle's headers only" } },
  "/playground/users": {
    get: {
      tags: ["Playground"],
      summary: "Up to 200 monitored users, for the playground's picker",
      responses: {
        "200": json("The users.", ref("PlaygroundUsersResponse")),
        "403": envelopeError("`subscribe_all_disabled`: `ALLOW_SUBSCRIBE_ALL=false`."),
      },
    },
  },
  "/playground/{file}": {
    get: {
      tags: ["Playground"],
      summary: "The playground's HTML, CSS, scripts and images",
      parameters: [
        {
          name: "file",
          in: "path",
          required: true,
          schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png)$" },
        },
      ],
      responses: {
        "200": {
          ...body(
            "The file.",
            "text/html; charset=utf-8",
            "text/javascript; charset=utf-8",
            "text/css; charset=utf-8",
            "image/svg+xml",
            "image/png",
          ),
          headers: _cached,
        },
        "304": _notModified,
        "404": envelopeError("`not_found`: no such file, or a name outside the pattern."),
      },
    },
  },
};
