// Scale-out and protection settings: process role, gateway shards, rate limits, metrics.
import type { Config, RateLimitConfig, Role, StorageSpec } from "./config.ts";
import { ConfigError } from "./config-error.ts";
import { bool, int, nonEmpty } from "./config-values.ts";

type ScaleConfig = Pick<Config, "role" | "shardIds" | "shardCount" | "rateLimit" | "trustProxyHeader" | "metrics">;

/**
 * Reads `ROLE`, `SHARD_IDS`, `SHARD_COUNT`, `RATE_LIMIT_*`, `TRUST_PROXY_HEADER` and `METRICS`.
 * Split roles share state only through Redis, so they refuse any other `STORAGE`.
 */
export function scaleConfig(e: Record<string, string | undefined>, storage: StorageSpec): ScaleConfig {
  const role = _role(e.ROLE);
  if (role !== "all" && storage.driver !== "redis") {
    throw new ConfigError(`ROLE=${role} needs STORAGE=redis://… so the gateway and api processes share state`);
  }
  const shardCount = _shardCount(e.SHARD_COUNT);
  const rateLimit: RateLimitConfig = {
    rest: int("RATE_LIMIT_REST", e.RATE_LIMIT_REST, 600, 0, 1_000_000),
    cards: int("RATE_LIMIT_CARDS", e.RATE_LIMIT_CARDS, 600, 0, 1_000_000),
    sockets: int("RATE_LIMIT_SOCKETS", e.RATE_LIMIT_SOCKETS, 60, 0, 1_000_000),
    windowMs: int("RATE_LIMIT_WINDOW", e.RATE_LIMIT_WINDOW, 60, 1, 86_400) * 1000,
  };
  const header = nonEmpty(e.TRUST_PROXY_HEADER)?.toLowerCase();
  if (header !== undefined && !/^[a-z0-9-]+$/.test(header)) {
    throw new ConfigError(`TRUST_PROXY_HEADER must be a header name (e.g. x-forwarded-for), got "${e.TRUST_PROXY_HEADER}"`);
  }
  return {
    role,
    shardIds: _shardIds(e.SHARD_IDS, shardCount),
    shardCount,
    rateLimit,
    trustProxyHeader: header,
    metrics: bool("METRICS", e.METRICS, true),
  };
}

// --- internal ---

function _role(value: string | undefined): Role {
  const v = nonEmpty(value)?.toLowerCase() ?? "all";
  if (v === "all" || v === "gateway" || v === "api") return v;
  throw new ConfigError(`ROLE must be "all", "gateway" or "api", got "${value}"`);
}

function _shardCount(value: string | undefined): number | "auto" {
  const v = nonEmpty(value);
  if (v === undefined || v.toLowerCase() === "auto") return "auto";
  return int("SHARD_COUNT", v, 1, 1, 65_535);
}

function _shardIds(value: string | undefined, count: number | "auto"): number[] | "auto" {
  const v = nonEmpty(value);
  if (v === undefined || v.toLowerCase() === "auto") return "auto";
  if (count === "auto") throw new ConfigError(`SHARD_IDS needs SHARD_COUNT, so every process agrees on the total`);
  const ids = v.split(",").map((s) => s.trim());
  if (!ids.every((id) => /^\d+$/.test(id) && Number(id) < count)) {
    throw new ConfigError(`SHARD_IDS must be comma-separated shard numbers below SHARD_COUNT (${count}), got "${v}"`);
  }
  return [...new Set(ids.map(Number))].sort((a, b) => a - b);
}
