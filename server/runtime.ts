import type { AddressInfo } from "node:net";
import type { H3 } from "h3";
import { createApp, createGatewayApp } from "./app.ts";
import { joinAsReader, joinAsWriter, type Cluster } from "./bus/cluster.ts";
import type { Config } from "./config.ts";
import { createHub, type Hub } from "./presence/hub.ts";
import { createSimulator, type Simulator } from "./simulator/index.ts";
import { createDiscordSource } from "./source/discord.ts";
import type { PresenceSource } from "./source/source.ts";
import { createShutdown, type Shutdown } from "./shutdown.ts";
import type { SocketOptions } from "./socket/options.ts";
import { openStorage, storageView } from "./storage/index.ts";
import type { EventsOptions } from "./routes/events.ts";
import { createApiKeys, type ApiKeys } from "./kv/api-keys.ts";
import { createKvStore, type KvStore } from "./kv/store.ts";
import { createCommands } from "./source/commands.ts";
import { createConsent } from "./consent/consent.ts";
import { toUpgradeRequest } from "./limits/upgrade-request.ts";
import { demoImageUrls } from "./routes/demo.ts";
import { logLine, type LogSink } from "./log/logger.ts";
import { attachRequestLog } from "./log/request-log.ts";
import { countCardCache, countSink } from "./metrics/counting.ts";
import { createRenderCache } from "./cards/render-cache.ts";
import { cachedCard } from "./routes/cards.ts";
import { createMetrics } from "./metrics/registry.ts";
import { createRateLimits } from "./limits/middleware.ts";
import { createFastPath, type FastPath } from "./serve/fast-path.ts";
import { fastRoutes } from "./serve/fast-routes.ts";
import { healthRoute } from "./routes/health.ts";
import { createQuicklinks } from "./quicklinks/quicklinks.ts";
import { createAvatarCache } from "./quicklinks/cache.ts";
import { createListener, type NodeListener } from "./serve/listener.ts";
import { listenNode, type NodeServer } from "./serve/listen.ts";
import { createSnapshots } from "./serve/snapshots.ts";
import { openapiAnswers } from "./routes/openapi.ts";
import { staticFiles } from "./routes/static.ts";

/** A running presence-kit: what {@link startServer} returns. */
export interface RunningServer {
  /** `http://host:port` the server answers on. */
  url: string;
  port: number;
  hub: Hub;
  source: PresenceSource;
  /** KV API keys (issued by the bot's `.apikey`). */
  keys: ApiKeys;
  /** The embedded Discord simulator, in demo mode only. */
  simulator: Simulator | undefined;
  /** Stops accepting, disconnects from Discord, flushes storage. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startServer} that are not configuration. */
export interface StartOptions {
  /** One-line log sink. @default logLine */
  log?: LogSink;
  /** Skip discord.js's identify spacing (tests). @default false */
  fastIdentify?: boolean;
  /** Delay of the hub's write-behind, in ms. @default 250 */
  flushDelayMs?: number;
  /** WebSocket tunables (tests shorten the heartbeat). @default the protocol's */
  sockets?: SocketOptions;
  /** SSE tuning, for tests. */
  events?: EventsOptions;
  /** Port of the demo's simulator (`npm run dev` keeps it across reloads). @default 0 (any free port) */
  simulatorPort?: number;
  /** Answer hot GETs before h3 (tests turn it off to compare both paths). @default true */
  fastPath?: boolean;
}

/** Everything but the listener: what `npm run dev` hands to listhen. */
export interface Runtime {
  app: H3;
  /** The Node request listener: the fast path, then the app. */
  listener: NodeListener;
  /** The fast path alone (`undefined` when off, or on a `ROLE=gateway` process). */
  fastPath: FastPath | undefined;
  hub: Hub;
  source: PresenceSource;
  keys: ApiKeys;
  simulator: Simulator | undefined;
  /** Hooks that end WebSocket and SSE connections; run first on close. */
  shutdown: Shutdown;
  /** Starts the presence source (connects to Discord or the simulator). */
  start(): Promise<void>;
  /** Disconnects from Discord, flushes storage, stops the simulator. Idempotent. */
  close(): Promise<void>;
}

/**
 * Wires config → (demo simulator) → storage → hub → app and the presence source, without listening.
 * @example
 * const runtime = await createRuntime(loadConfig());
 */
export async function createRuntime(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const { log = logLine, fastIdentify = false, flushDelayMs, sockets, events, fastPath = true } = options;
  let simulator: Simulator | undefined;
  let build = { cdnUrl: config.discordCdnUrl, spotifyImageUrl: config.spotifyImageUrl };
  let apiUrl = config.discordApiUrl;
  // An api process has no Discord connection, so no demo simulator either.
  if (config.demo && config.role !== "api") {
    simulator = await createSimulator({ script: true, port: options.simulatorPort });
    apiUrl = simulator.apiUrl;
    // The demo's images come from the simulator so nothing is fetched from the internet; with a
    // PUBLIC_URL they are served on presence-kit's own origin, so another machine loads them too.
    build = demoImageUrls(config.publicUrl) ?? { cdnUrl: simulator.cdnUrl, spotifyImageUrl: simulator.spotifyImageUrl };
    log(`[presence-kit] demo mode: no DISCORD_TOKEN, using the built-in Discord simulator at ${simulator.url}`);
  }
  const storage = await openStorage(config.storage, log).catch(async (error: Error) => {
    await simulator?.close();
    throw error;
  });
  const users = storageView(storage, "users");
  const hub = createHub({ storage: users, build, flushDelayMs });
  const keys = createApiKeys(storageView(storage, "keys"));
  let source: PresenceSource;
  let kv: KvStore;
  let cluster: Cluster | undefined;
  const redis = config.storage.driver === "redis" ? config.storage.url : undefined;
  try {
    if (config.role === "api") {
      // Roles other than "all" need Redis (config-scale.ts checks it).
      const reader = await joinAsReader({ url: redis!, hub, storage, users, log });
      ({ source, kv } = reader);
      cluster = reader;
    } else {
      await hub.start();
      const consent = createConsent({ config, hub, storage, keys });
      await consent.load();
      kv = createKvStore(hub, config.kv);
      source = createDiscordSource({
        // A custom DISCORD_API_URL without a token (another simulator) still needs a token to send.
        token: config.discordToken ?? "presence-kit-demo",
        apiUrl,
        shards: config.shardIds,
        shardCount: config.shardCount,
        fastIdentify,
        log,
        gate: consent.gate,
        commands: createCommands({ keys, kv, more: consent.commands }),
      });
      if (redis) cluster = await joinAsWriter({ url: redis, hub, storage, users, log, role: config.role, source, kv });
    }
  } catch (error) {
    await storage.dispose();
    await simulator?.close();
    throw error;
  }
  const shutdown = createShutdown();
  const metrics = createMetrics();
  // Views that build URLs from config must use the same CDN as the model (the simulator's in demo).
  const effective = { ...config, discordCdnUrl: build.cdnUrl, spotifyImageUrl: build.spotifyImageUrl };
  // One instance of each rule object, shared by the h3 app and the fast path.
  const limits = createRateLimits(effective, metrics);
  const snapshots = createSnapshots(hub, build);
  const files = staticFiles();
  const cardCache = countCardCache(createRenderCache(), metrics);
  const quicklinks = createQuicklinks({ hub, cdnUrl: effective.discordCdnUrl, cache: createAvatarCache(config.quicklinkCache) });
  const deps = { config: effective, hub, source, shutdown, sockets, events, storage, kv: { keys, kv }, cluster: cluster?.status, metrics, simulator, limits, snapshots, staticFiles: files, cardCache, quicklinks };
  const gateway = config.role === "gateway";
  const app = gateway ? createGatewayApp(deps) : createApp(deps);
  const durations = metrics.httpDurations;
  const routes = () => fastRoutes(app, { statics: [healthRoute(deps), ...openapiAnswers(), ...files], quicklinks });
  const fast = fastPath && !gateway ? createFastPath({ config, limits, snapshots, durations, ...routes(), cards: cachedCard(hub, cardCache, config.cardCacheSeconds) }) : undefined;
  const listener = createListener(app, { fastPath: fast, durations });
  let closing: Promise<void> | undefined;
  return {
    app,
    listener,
    fastPath: fast,
    hub,
    source,
    keys,
    simulator,
    shutdown,
    async start() {
      await source.start(countSink(hub, metrics));
      source.ready().then(
        () => {
          const s = source.status();
          log(`[presence-kit] gateway ready: ${s.guilds} guild(s), ${s.members} member(s) monitored`);
        },
        () => {}, // the source already logged why
      );
    },
    close() {
      closing ??= (async () => {
        await shutdown.run();
        await source.stop();
        // A flush that fails (storage away) is logged; the bus and storage still close.
        await hub.close().catch((error: Error) => log(`[presence-kit] final flush failed: ${error.message}`, "error"));
        await cluster?.close();
        await storage.dispose();
        await simulator?.close();
      })();
      return closing;
    },
  };
}

/**
 * Creates the runtime, listens on `HOST:PORT` (failing if the port is taken), then connects.
 * @example
 * const server = await startServer(loadConfig());
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const { log = logLine } = options;
  const runtime = await createRuntime(config, options);
  let listener: NodeServer;
  try {
    listener = await _listen(runtime, config);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const port = (listener.server.address() as AddressInfo).port;
  const url = `http://${_displayHost(config.host)}:${port}`;
  if (config.log.requests) attachRequestLog(listener.server);
  log(`[presence-kit] listening on ${url}`);
  await runtime.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    hub: runtime.hub,
    source: runtime.source,
    keys: runtime.keys,
    simulator: runtime.simulator,
    close() {
      // Streams and sockets end first (going away), or the listener would wait for them.
      closing ??= runtime.shutdown.run().then(() => listener.close()).then(() => runtime.close());
      return closing;
    },
  };
}

// --- internal ---

function _listen({ app, listener }: Runtime, config: Config): Promise<NodeServer> {
  return listenNode(listener, app, { host: config.host, port: config.port });
}

function _displayHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}
