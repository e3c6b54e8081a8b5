import { existsSync, readFileSync } from "node:fs";

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
  /** True when no token and no API URL were given: start the embedded simulator. */
  demo: boolean;
}

/** Thrown for an invalid environment variable; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
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
  const e = { ...(dotenv ? _readDotenv(dotenv) : {}), ...env };
  const token = _nonEmpty(e.DISCORD_TOKEN);
  const apiUrl = _nonEmpty(e.DISCORD_API_URL);
  return {
    port: _port(e.PORT),
    host: _nonEmpty(e.HOST) ?? "0.0.0.0",
    discordToken: token,
    discordApiUrl: apiUrl === undefined ? (token ? "https://discord.com/api" : undefined) : _apiUrl(apiUrl),
    discordCdnUrl: _url("DISCORD_CDN_URL", e.DISCORD_CDN_URL) ?? "https://cdn.discordapp.com",
    spotifyImageUrl: _url("SPOTIFY_IMAGE_URL", e.SPOTIFY_IMAGE_URL) ?? "https://i.scdn.co/image",
    storage: _storage(e.STORAGE),
    publicUrl: _url("PUBLIC_URL", e.PUBLIC_URL),
    maxSubscriptionIds: _int("MAX_SUBSCRIPTION_IDS", e.MAX_SUBSCRIPTION_IDS, 500, 1, 100_000),
    allowSubscribeAll: _bool("ALLOW_SUBSCRIBE_ALL", e.ALLOW_SUBSCRIBE_ALL, true),
    demo: !token && !apiUrl,
  };
}

// --- internal ---

function _nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function _port(value: string | undefined): number {
  const v = _nonEmpty(value);
  if (v === undefined) return 3000;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }
  return n;
}

function _int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  const v = _nonEmpty(value);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function _bool(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = _nonEmpty(value)?.toLowerCase();
  if (v === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function _url(name: string, value: string | undefined): string | undefined {
  const v = _nonEmpty(value);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${v}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${v}"`);
  }
  return v.replace(/\/+$/, "");
}

function _apiUrl(value: string): string {
  const url = _url("DISCORD_API_URL", value)!;
  // discord.js appends `/v10` itself; a copied versioned URL would become `/v10/v10`.
  if (/\/v\d+$/.test(url)) {
    throw new ConfigError(
      `DISCORD_API_URL must be the REST base without the version (e.g. https://discord.com/api), got "${value}"`,
    );
  }
  return url;
}

function _storage(value: string | undefined): StorageSpec {
  const v = _nonEmpty(value) ?? "fs:./.data";
  if (v === "memory") return { driver: "memory" };
  if (v === "fs") return { driver: "fs", base: "./.data" };
  if (v.startsWith("fs:") && v.length > 3) return { driver: "fs", base: v.slice(3) };
  if (/^rediss?:\/\/.+/.test(v)) return { driver: "redis", url: v };
  throw new ConfigError(
    `STORAGE must be "memory", "fs:<directory>" or "redis://host:port", got "${value}"`,
  );
}

/** Minimal KEY=value parser: enough for a self-hoster's `.env`, no interpolation. */
function _readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
  }
  return out;
}
