// Operations settings (logging) and the environment names of Lanyard's self-hosting guide.
import type { LogFormat, LogLevel } from "./log/logger.ts";
import { LogLevels } from "./log/logger.ts";
import { ConfigError } from "./config-error.ts";
import { bool, int, nonEmpty } from "./config-values.ts";

/** How the server logs (`LOG_LEVEL`, `LOG_FORMAT`, `LOG_REQUESTS`). */
export interface LogConfig {
  /** @default "info" */
  level: LogLevel;
  /** @default "pretty" */
  format: LogFormat;
  /** One `info` line per HTTP request (method, path, status, ms). @default false */
  requests: boolean;
}

/** Reads `LOG_LEVEL`, `LOG_FORMAT` and `LOG_REQUESTS`. */
export function logConfig(e: Record<string, string | undefined>): LogConfig {
  const level = nonEmpty(e.LOG_LEVEL)?.toLowerCase() ?? "info";
  if (!(LogLevels as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LogLevels.join(", ")}, got "${e.LOG_LEVEL}"`);
  }
  const format = nonEmpty(e.LOG_FORMAT)?.toLowerCase() ?? "pretty";
  if (format !== "json" && format !== "pretty") {
    throw new ConfigError(`LOG_FORMAT must be "json" or "pretty", got "${e.LOG_FORMAT}"`);
  }
  return { level: level as LogLevel, format, requests: bool("LOG_REQUESTS", e.LOG_REQUESTS, false) };
}

/**
 * Lanyard's names, so its compose file works with only the image changed: `BOT_TOKEN` stands for
 * `DISCORD_TOKEN`, and `REDIS_HOST` (with `REDIS_PORT`, default 6379) for `STORAGE=redis://host:port`.
 * The presence-kit names win when both are set.
 * @see README.md#coming-from-lanyard
 */
export function withLanyardAliases(e: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...e };
  if (nonEmpty(out.DISCORD_TOKEN) === undefined && nonEmpty(e.BOT_TOKEN)) out.DISCORD_TOKEN = e.BOT_TOKEN;
  const host = nonEmpty(e.REDIS_HOST);
  if (nonEmpty(out.STORAGE) === undefined && host) {
    if (!/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(host)) {
      throw new ConfigError(`REDIS_HOST must be a host name or address, got "${e.REDIS_HOST}"`);
    }
    out.STORAGE = `redis://${host}:${int("REDIS_PORT", e.REDIS_PORT, 6379, 1, 65_535)}`;
  }
  return out;
}
