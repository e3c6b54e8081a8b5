import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { ConfigError } from "./config-error.ts";
import { consentConfig, type ConsentMode } from "./config-consent.ts";
import { scaleConfig } from "./config-scale.ts";
import { logConfig, withLanyardAliases, type LogConfig } from "./config-ops.ts";
import { bool, hosts, int, nonEmpty, url } from "./config-values.ts";
import type { KvByteLimits } from "./kv/limits.ts";

export { ConfigError };

/** Where state lives: parsed from `STORAGE`. */
export type StorageSpec =
  | { driver: "fs"; base: string }
  | { driver: "memory" }
  | { driver: "redis"; url: string };

/**
 * The whole runtime configuration, read once from the environment by {@link loadConfig}.
 * @see README.md#configuration
 */
export interface Config {
  /** @default 3000 */
  port: number;
  /** @default "0.0.0.0" */
  host: string;
  /** Bot token; `undefined` means demo mode (the embedded Discord simulator). */
  discordToken: string | undefined;
  /** REST base handed to discord.js `rest.api` (no `/v10`); `undefined` in demo mode until the simulator starts. */
  discordApiUrl: string | undefined;
  /** CDN base used to build avatar, decoration and badge URLs. @default "https://cdn.discordapp.com" */
  discordCdnUrl: string;
  /** Base of Spotify album art URLs. @default "https://i.scdn.co/image" */
  spotifyImageUrl: string;
  /** @default { driver: "fs", base: "./.data" } */
  storage: StorageSpec;
  /** Public origin of this server, used in generated links; `undefined` → derived from the request. */
  publicUrl: string | undefined;
  /** Most user ids one WebSocket or SSE subscription may name. @default 500 */
  maxSubscriptionIds: number;
  /** Whether `subscribe_to_all` and `/v1/events?all=true` are allowed. @default true */
  allowSubscribeAll: boolean;
  /** Extra hosts card images may be fetched from (`CARD_IMAGE_HOSTS`, comma-separated). @default [] */
  cardImageHosts: string[];
  /** Bounds of a card's `cache_seconds` (`CARD_CACHE_MIN_SECONDS`, `CARD_CACHE_MAX_SECONDS`). @default { min: 0, max: 86400 } */
  cardCacheSeconds: { min: number; max: number };
  /** What this process runs (`ROLE`): everything, only the Discord gateway, or only the API. @default "all" */
  role: Role;
  /** Gateway shards this process runs (`SHARD_IDS`, comma-separated), or every shard. @default "auto" */
  shardIds: number[] | "auto";
  /** Total gateway shards (`SHARD_COUNT`), or Discord's recommendation. @default "auto" */
  shardCount: number | "auto";
  /** Per-client-IP limits per window; 0 turns one off (`RATE_LIMIT_REST|CARDS|SOCKETS`, `RATE_LIMIT_WINDOW` s). */
  rateLimit: RateLimitConfig;
  /** Header carrying the client IP behind a trusted proxy (`TRUST_PROXY_HEADER`); unset → the peer address. */
  trustProxyHeader: string | undefined;
  /** Whether `GET /metrics` is served (`METRICS`). @default true */
  metrics: boolean;
  /** Quicklinks' avatar cache bounds (`QUICKLINK_CACHE_ENTRIES`, `QUICKLINK_CACHE_BYTES`); 0 entries = off. */
  quicklinkCache: { maxEntries: number; maxBytes: number };
  /** KV byte bounds (`KV_MAX_VALUE_BYTES`, `KV_MAX_USER_BYTES`). @default 64 KiB, 1 MiB */
  kv: KvByteLimits;
  /** Logging (`LOG_LEVEL`, `LOG_FORMAT`, `LOG_REQUESTS`). */
  log: LogConfig;
  /** Servers whose members count (`GUILD_IDS`); `undefined` = every server the bot is in. */
  guildIds: string[] | undefined;
  /** Whose presence is served (`CONSENT`). @default "guild" @see README.md#privacy-and-consent */
  consent: ConsentMode;
  /** Roles that make a member public with `CONSENT=role` (`CONSENT_ROLE_ID`, comma-separated). @default [] */
  consentRoleIds: string[];
  /** True when no token and no API URL were given: start the embedded simulator. */
  demo: boolean;
}

/** Process roles for scale-out over Redis. */
export type Role = "all" | "gateway" | "api";

/** Requests (or new sockets) allowed per client IP per window; 0 = unlimited. */
export interface RateLimitConfig {
  /** @default 600 */
  rest: number;
  /** @default 600 */
  cards: number;
  /** New WebSocket connections and SSE streams. @default 60 */
  sockets: number;
  /** @default 60_000 */
  windowMs: number;
}

/**
 * Reads and validates the configuration once. Values from `env` win over a `.env` file.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { dotenv?: string | false } = {},
): Config {
  const { dotenv = ".env" } = options;
  const e = withLanyardAliases({ ...(dotenv ? _readDotenv(dotenv) : {}), ...env });
  const token = nonEmpty(e.DISCORD_TOKEN);
  const apiUrl = nonEmpty(e.DISCORD_API_URL);
  const storage = _storage(e.STORAGE);
  return {
    port: _port(e.PORT),
    host: nonEmpty(e.HOST) ?? "0.0.0.0",
    discordToken: token,
    discordApiUrl: apiUrl === undefined ? (token ? "https://discord.com/api" : undefined) : _apiUrl(apiUrl),
    discordCdnUrl: url("DISCORD_CDN_URL", e.DISCORD_CDN_URL) ?? "https://cdn.discordapp.com",
    spotifyImageUrl: url("SPOTIFY_IMAGE_URL", e.SPOTIFY_IMAGE_URL) ?? "https://i.scdn.co/image",
    storage,
    publicUrl: url("PUBLIC_URL", e.PUBLIC_URL),
    maxSubscriptionIds: int("MAX_SUBSCRIPTION_IDS", e.MAX_SUBSCRIPTION_IDS, 500, 1, 100_000),
    allowSubscribeAll: bool("ALLOW_SUBSCRIBE_ALL", e.ALLOW_SUBSCRIBE_ALL, true),
    cardImageHosts: hosts("CARD_IMAGE_HOSTS", e.CARD_IMAGE_HOSTS),
    cardCacheSeconds: _cardCacheSeconds(e),
    ...scaleConfig(e, storage),
    quicklinkCache: {
      maxEntries: int("QUICKLINK_CACHE_ENTRIES", e.QUICKLINK_CACHE_ENTRIES, 1000, 0, 1_000_000),
      maxBytes: int("QUICKLINK_CACHE_BYTES", e.QUICKLINK_CACHE_BYTES, 32 * 1024 * 1024, 0, 2 ** 40),
    },
    kv: {
      maxValueBytes: int("KV_MAX_VALUE_BYTES", e.KV_MAX_VALUE_BYTES, 64 * 1024, 1024, 64 * 1024 * 1024),
      maxUserBytes: int("KV_MAX_USER_BYTES", e.KV_MAX_USER_BYTES, 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    log: logConfig(e),
    ...consentConfig(e),
    demo: !token && !apiUrl,
  };
}

// --- internal ---

function _cardCacheSeconds(e: Record<string, string | undefined>): { min: number; max: number } {
  const min = int("CARD_CACHE_MIN_SECONDS", e.CARD_CACHE_MIN_SECONDS, 0, 0, 86_400);
  const max = int("CARD_CACHE_MAX_SECONDS", e.CARD_CACHE_MAX_SECONDS, 86_400, 0, 86_400);
  if (min > max) throw new ConfigError(`CARD_CACHE_MIN_SECONDS (${min}) must not exceed CARD_CACHE_MAX_SECONDS (${max})`);
  return { min, max };
}

function _port(value: string | undefined): number {
  const v = nonEmpty(value);
  if (v === undefined) return 3000;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return n;
}

function _apiUrl(value: string): string {
  const base = url("DISCORD_API_URL", value)!;
  // discord.js appends `/v10` itself; a copied versioned URL would become `/v10/v10`.
  if (/\/v\d+$/.test(base)) {
    throw new ConfigError(
      `DISCORD_API_URL must be the REST base without the version (e.g. https://discord.com/api), got "${value}"`,
    );
  }
  return base;
}

function _storage(value: string | undefined): StorageSpec {
  const v = nonEmpty(value) ?? "fs:./.data";
  if (v === "memory") return { driver: "memory" };
  if (v === "fs") return { driver: "fs", base: "./.data" };
  if (v.startsWith("fs:") && v.length > 3) return { driver: "fs", base: v.slice(3) };
  if (/^rediss?:\/\/.+/.test(v)) return { driver: "redis", url: v };
  throw new ConfigError(
    `STORAGE must be "memory", "fs:<directory>" or "redis://host:port", got "${value}"`,
  );
}

/** A `.env` file through Node's own parser (comments, quotes, multi-line values, `export`). */
function _readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
}
