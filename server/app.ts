import { H3 } from "h3";
import type { Storage } from "unstorage";
import type { Config } from "./config.ts";
import { corsMiddleware } from "./cors.ts";
import { ErrorCode, NOT_FOUND, apiError, toErrorResponse } from "./errors.ts";
import { sendAnswer } from "./serve/answer.ts";
import type { Hub } from "./presence/hub.ts";
import { healthRoutes } from "./routes/health.ts";
import { livenessRoutes } from "./routes/liveness.ts";
import { lanyardRoutes } from "./routes/lanyard.ts";
import type { Shutdown } from "./shutdown.ts";
import type { SocketOptions } from "./socket/options.ts";
import type { PresenceSource } from "./source/source.ts";
import { eventsRoutes, type EventsOptions } from "./routes/events.ts";
import { socketRoutes } from "./routes/sockets.ts";
import { dialectRoutes } from "./routes/dialects.ts";
import { quicklinkRoutes } from "./routes/quicklinks.ts";
import { openapiRoutes } from "./routes/openapi.ts";
import { kvRoutes, type KvDeps } from "./routes/kv.ts";
import { cardRoutes } from "./routes/cards.ts";
import { playgroundRoutes } from "./routes/playground.ts";
import { staticRoutes } from "./routes/static.ts";
import { notARouteMiddleware } from "./routes/not-a-route.ts";
import { catchAll } from "./routes/catch-all.ts";
import { demoRoutes } from "./routes/demo.ts";
import type { Simulator } from "./simulator/index.ts";
import { createRenderCache, type RenderCache } from "./cards/render-cache.ts";
import { createRateLimits, rateLimitMiddleware, type RateLimits } from "./limits/middleware.ts";
import { createSnapshots, type Snapshots } from "./serve/snapshots.ts";
import { recordRoute } from "./serve/listener.ts";
import type { FastRoute } from "./serve/fast-path.ts";
import { countCardCache } from "./metrics/counting.ts";
import { createMetrics, type Metrics } from "./metrics/registry.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import type { ClusterStatus } from "./bus/cluster.ts";
import type { Quicklinks } from "./quicklinks/quicklinks.ts";

/** What {@link createApp} needs; it reads no environment itself. */
export interface AppDeps {
  config: Config;
  hub: Hub;
  source: PresenceSource;
  /** Where transports register how to end their connections on shutdown. */
  shutdown: Shutdown;
  /** WebSocket tunables (heartbeat, buffer cap); the protocol's defaults when left out. */
  sockets?: SocketOptions;
  /** SSE tuning (heartbeat, history, buffer); defaults when omitted. */
  events?: EventsOptions;
  /** API keys and KV store; without them the KV routes are not served. */
  kv?: KvDeps;
  /** Counters for `/metrics`, shared with the runtime (which counts the source's writes). @default a new registry */
  metrics?: Metrics;
  /** The app's storage; cards cache fetched images under `images:`. @default in-memory */
  storage?: Storage;
  /** This process's view of the others over Redis (`/health`); absent when alone. */
  cluster?: () => ClusterStatus;
  /** Quicklinks with their avatar cache, shared with a fast path. @default built from `config` */
  quicklinks?: Quicklinks;
  /** The built-in simulator in demo mode: its images on this origin and the demo API key route. */
  simulator?: Simulator;
  /** Rate-limit budgets, shared with the fast path. @default new ones from `config` */
  limits?: RateLimits;
  /** Pre-encoded snapshot answers, shared with the fast path. @default new ones over `hub` */
  snapshots?: Snapshots;
  /** The files of `public/`, shared with the fast path. @default `staticFiles()` */
  staticFiles?: FastRoute[];
  /** The card render cache, shared with the fast path. @default a new counted one */
  cardCache?: RenderCache;
}

/**
 * Builds the h3 app with every route. Transports read from the hub only.
 * @example
 * const app = createApp({ config, hub, source });
 * const res = await app.request("/v1/users/94490510688792576");
 */
export function createApp(deps: AppDeps): H3 {
  const app = new H3({ onError: toErrorResponse });
  const metrics = deps.metrics ?? createMetrics();
  const images = { cdnUrl: deps.config.discordCdnUrl, spotifyImageUrl: deps.config.spotifyImageUrl };
  const snapshots = deps.snapshots ?? createSnapshots(deps.hub, images);
  app.use(recordRoute);
  app.use(corsMiddleware);
  app.use(rateLimitMiddleware(deps.config, metrics, deps.limits ?? createRateLimits(deps.config, metrics)));
  app.use(notARouteMiddleware);
  healthRoutes(app, deps);
  livenessRoutes(app);
  if (deps.kv) kvRoutes(app, deps, deps.kv);
  lanyardRoutes(app, deps, snapshots);
  const sse = eventsRoutes(app, deps, { ...deps.events, frames: metrics.framesOut });
  socketRoutes(app, { ...deps, metrics });
  metricsRoutes(app, deps, metrics, () => sse.size);
  dialectRoutes(app, deps, snapshots);
  openapiRoutes(app);
  playgroundRoutes(app, deps);
  cardRoutes(app, deps, { cache: deps.cardCache ?? countCardCache(createRenderCache(), metrics) });
  staticRoutes(app, { files: deps.staticFiles });
  if (deps.simulator) demoRoutes(app, deps.simulator);
  quicklinkRoutes(app, deps);
  // GET's catch-all is the quicklink route; a HEAD is answered by its path's GET route.
  catchAll(app, function _notFound(event) {
    return sendAnswer(event, NOT_FOUND);
  }, { get: false });
  return app;
}

/**
 * The app of a `ROLE=gateway` process: `/health` (and `/metrics`) only; the API lives on the api
 * processes. @see README.md#scaling-out-with-redis
 */
export function createGatewayApp(deps: AppDeps): H3 {
  const app = new H3({ onError: toErrorResponse });
  healthRoutes(app, deps);
  livenessRoutes(app);
  metricsRoutes(app, deps, deps.metrics ?? createMetrics(), () => 0);
  catchAll(app, function _gatewayOnly() {
    throw apiError(404, ErrorCode.notFound, "Route does not exist on a gateway process (ROLE=gateway)");
  });
  return app;
}
