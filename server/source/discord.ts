import { Client, Events, GatewayIntentBits, Options, Partials, type ClientOptions, type Message } from "discord.js";
import type { ConsentGate } from "../consent/gate.ts";
import type { CommandHandler } from "./commands.ts";
import { createGuildTracker, type GuildTracker } from "./guild-tracker.ts";
import { SourceState, type PresenceSink, type PresenceSource, type ShardState, type SourceStatus } from "./source.ts";
import { logLine, type LogSink } from "../log/logger.ts";

/** Options of {@link createDiscordSource}. */
export interface DiscordSourceOptions {
  /** Bot token. */
  token: string;
  /** REST base handed to discord.js `rest.api` (without `/v10`). @default "https://discord.com/api" */
  apiUrl?: string;
  /** Members per guild above which Discord sends only online members at connect. @default 250 */
  largeThreshold?: number;
  /** Skip discord.js's 5 s identify spacing (tests and single-shard simulators). @default false */
  fastIdentify?: boolean;
  /** Called with one-line log messages. @default logLine */
  log?: LogSink;
  /** Bot commands sent in DMs (`.apikey`, `.set`…); without it DMs are ignored. */
  commands?: CommandHandler;
  /**
   * Gateway shards this process runs; "auto" runs every shard of `shardCount`.
   * @default "auto"
   * @see README.md#gateway-shards
   */
  shards?: number[] | "auto";
  /** Total shards of the bot; "auto" asks Discord (`GET /gateway/bot`). @default "auto" */
  shardCount?: number | "auto";
  /** Decides which dispatches count and whose writes reach the sink (`GUILD_IDS`, `CONSENT`). */
  gate?: Pick<ConsentGate, "wrap" | "handle">;
  /** Extra discord.js client options, merged last. */
  client?: Partial<ClientOptions>;
}

/**
 * The intents a presence tracker needs (GuildMembers and GuildPresences are privileged), plus
 * DirectMessages for the KV commands: DMs carry their content without MessageContent.
 */
export const kIntents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildPresences,
  GatewayIntentBits.DirectMessages,
] as const;

/**
 * The discord.js client options the source uses (exported so the ingest benchmark can run
 * discord.js alone with exactly the same configuration as its baseline).
 */
export function discordClientOptions(o: { apiUrl: string; largeThreshold: number; fastIdentify?: boolean }): ClientOptions {
  return {
    intents: [...kIntents],
    // Channel: a DM channel is not cached before its first message.
    partials: [Partials.User, Partials.GuildMember, Partials.Channel],
    rest: { api: o.apiUrl },
    ws: {
      large_threshold: o.largeThreshold,
      ...(o.fastIdentify && { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) }),
    },
    // The tracker keeps its own state from raw dispatches; discord.js's member, user and
    // presence caches would only cost memory (and a clone per update). The bot's own user and
    // member stay cached because discord.js reads them.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      PresenceManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (m) => m.id === m.client.user.id },
      UserManager: { maxSize: 0, keepOverLimit: (u) => u.id === u.client.user.id },
    }),
  };
}

/**
 * The Discord Gateway as a presence source, through discord.js 14.
 * @example
 * const source = createDiscordSource({ token: process.env.DISCORD_TOKEN! });
 * await source.start(hub);
 */
export function createDiscordSource(options: DiscordSourceOptions): PresenceSource {
  const { token, apiUrl = "https://discord.com/api", largeThreshold = 250, log = logLine } = options;
  let client: Client | undefined;
  let tracker: GuildTracker | undefined;
  let status: SourceStatus = { state: SourceState.idle, since: Date.now(), guilds: 0, members: 0, ping: -1 };
  const waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  // Ready means every shard connected *and* every guild's member list synced, so nothing stale
  // is served.
  const shards = new Map<number, ShardState>();
  let pendingSyncs = 0;

  function _set(state: SourceState, error?: string) {
    // Events discord.js emits while being destroyed must not overwrite "stopped".
    if (status.state === SourceState.stopped) return;
    status = { ...status, state, since: Date.now(), error };
    if (state === SourceState.ready || state === SourceState.failed) {
      for (const w of waiters.splice(0)) state === SourceState.ready ? w.resolve() : w.reject(new Error(error));
    }
  }

  function _fail(message: string) {
    // discord.js reports one failure twice (the close, then login's rejection): keep the first.
    if (status.state === SourceState.failed || status.state === SourceState.stopped) return;
    log(`[discord] ${message}`, "error");
    _set(SourceState.failed, message);
  }

  function _maybeReady() {
    // discord.js lists every shard of this process before connecting the first one.
    const ids = [...(client?.ws.shards.keys() ?? [])];
    const connected = ids.length > 0 && ids.every((id) => shards.get(id) === SourceState.ready);
    if (connected && pendingSyncs === 0 && status.state !== SourceState.ready) _set(SourceState.ready);
  }

  function _shard(id: number, state: ShardState) {
    shards.set(id, state);
    if (state === SourceState.ready) _maybeReady();
    else if (state === SourceState.reconnecting) _set(SourceState.reconnecting);
  }

  async function _syncGuild(guildId: string) {
    const guild = client?.guilds.cache.get(guildId);
    const sync = guild && tracker?.beginSync(guildId);
    try {
      if (sync) await guild.members.fetch({ withPresences: true, time: 120_000 });
      sync?.finish();
    } catch (error) {
      sync?.abort();
      log(`[discord] member sync of guild ${guildId} failed: ${(error as Error).message}`, "warn");
    } finally {
      pendingSyncs -= 1;
      _maybeReady();
    }
  }

  return {
    name: "discord",
    async start(sink: PresenceSink) {
      const gate = options.gate;
      tracker = createGuildTracker(gate ? gate.wrap(sink) : sink);
      const clientOptions = discordClientOptions({ apiUrl, largeThreshold, fastIdentify: options.fastIdentify });
      client = new Client({ ...clientOptions, ..._shardOptions(options), ...options.client });
      client.on(Events.Raw, (packet: { t: string | null; d: any }) => {
        // A dispatch of a server outside GUILD_IDS is ignored whole (and its members never synced).
        if (gate ? !gate.handle(packet, tracker!.handle) : (tracker!.handle(packet), false)) return;
        // A (re)connect's GUILD_CREATE lists only online members of large guilds, and cannot tell
        // who left or went offline while we were away: resync every member once the guild is cached.
        if (packet.t === "GUILD_CREATE" && !packet.d?.unavailable) {
          pendingSyncs += 1;
          setImmediate(() => void _syncGuild(packet.d.id));
        }
      });
      const commands = options.commands;
      if (commands) client.on(Events.MessageCreate, (message) => _command(message, commands, log));
      client.on(Events.ShardReady, (id) => _shard(id, SourceState.ready));
      client.on(Events.ShardResume, (id) => _shard(id, SourceState.ready));
      client.on(Events.ShardReconnecting, (id) => _shard(id, SourceState.reconnecting));
      client.on(Events.ShardDisconnect, (event, id) => {
        _shard(id, SourceState.failed);
        _fail(_explainClose(event.code));
      });
      client.on(Events.ShardError, (error) => log(`[discord] shard error: ${error.message}`, "warn"));
      client.on(Events.Error, (error) => log(`[discord] client error: ${error.message}`, "error"));
      _set(SourceState.connecting);
      const c = client;
      c.login(token).then(
        // Stopped while logging in: destroy() ran before the gateway connected, and discord.js
        // connects anyway once its REST call returns. Without this a quick stop/start (dev reloads)
        // leaves a client connected to nobody's source.
        () => (client === c ? undefined : c.destroy()),
        (error: Error) => (client === c ? _fail(_explain(error)) : undefined),
      );
    },
    async stop() {
      const c = client;
      client = undefined;
      _set(SourceState.stopped);
      for (const w of waiters.splice(0)) w.reject(new Error("source stopped"));
      if (c) await c.destroy();
    },
    status() {
      const ping = client?.ws.ping ?? -1;
      const list = [...(client?.ws.shards.keys() ?? shards.keys())].sort((a, b) => a - b);
      const byShard = list.map((id) => ({ id, state: shards.get(id) ?? SourceState.connecting }));
      const counts = { guilds: tracker?.guilds ?? 0, members: tracker?.members ?? 0 };
      return { ...status, ...counts, ping, shards: byShard };
    },
    ready() {
      if (status.state === SourceState.ready) return Promise.resolve();
      if (status.state === SourceState.failed) return Promise.reject(new Error(status.error));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
  };
}

// --- internal ---

/** discord.js's `shards`/`shardCount`: "auto" fetches the count from `GET /gateway/bot`. */
function _shardOptions({ shards = "auto", shardCount = "auto" }: DiscordSourceOptions): Partial<ClientOptions> {
  if (shards !== "auto" && shardCount !== "auto") return { shards, shardCount };
  if (shardCount !== "auto") return { shards: Array.from({ length: shardCount }, (_, i) => i), shardCount };
  return { shards: "auto" };
}

function _command(message: Message, handle: CommandHandler, log: LogSink): void {
  const input = {
    authorId: message.author.id,
    authorIsBot: message.author.bot,
    inGuild: message.inGuild(),
    content: message.content,
    reply: (text: string) => message.reply(text),
  };
  handle(input).catch((error: Error) => log(`[discord] command failed: ${error.message}`, "error"));
}

const kTokenRejected = "Discord rejected DISCORD_TOKEN (401 / close 4004): check the bot token";
const kIntentsRefused =
  "Discord refused the privileged intents (close 4014): enable PRESENCE INTENT and SERVER MEMBERS INTENT for the bot";

/** One actionable line for the failures a self-hoster hits first. */
function _explain(error: Error & { code?: unknown }): string {
  const text = `${error.name} ${String(error.code)}: ${error.message}`;
  if (/TokenInvalid|invalid token/i.test(text)) return kTokenRejected;
  if (/disallowed intents/i.test(text)) return kIntentsRefused;
  return `login failed: ${error.message}`;
}

/** The same, for a close code after which discord.js gives up. */
function _explainClose(code: number): string {
  if (code === 4004) return kTokenRejected;
  if (code === 4014) return kIntentsRefused;
  return `the gateway closed with ${code} and discord.js will not reconnect`;
}
