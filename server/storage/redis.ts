import { HTTPError } from "h3";
import type { Redis } from "ioredis";
import { ErrorCode } from "../errors.ts";
import { createStorage as createUnstorage, type Storage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { failInFlightOnClose } from "./redis-in-flight.ts";
import { logLine, type LogSink } from "../log/logger.ts";

/** Options of {@link createRedisStorage}. */
export interface RedisStorageOptions {
  /** `redis://host:port[/db]` (or `rediss://`). */
  url: string;
  /** Key prefix, so one Redis can hold other data too. @default "pk" */
  base?: string;
  /** Longest wait for the first connection. @default 5000 */
  connectTimeoutMs?: number;
  /** One-line log sink for outages and recoveries. @default logLine */
  log?: LogSink;
}

/**
 * unstorage's redis driver (ioredis), connected before it is returned: an unreachable Redis at
 * start is one clear error naming `STORAGE`. Later outages are survived: ioredis reconnects by
 * itself; meanwhile every call fails at once as HTTP 503 `service_unavailable` (so a request that
 * needed Redis is answered that way), and a write is acknowledged only once Redis has it.
 * @example
 * const storage = await createRedisStorage({ url: "redis://127.0.0.1:6379" });
 * @see README.md#scaling-out-with-redis
 */
export async function createRedisStorage(options: RedisStorageOptions): Promise<Storage> {
  const { url, base = "pk", connectTimeoutMs = 5000, log = logLine } = options;
  const driver = redisDriver({
    url,
    base,
    connectTimeout: connectTimeoutMs,
    lazyConnect: true,
    // While Redis is away a command fails at once (a 503) instead of waiting in a queue: a
    // request should not hang, and the hub retries its writes itself.
    enableOfflineQueue: false,
    // Nor does a command in flight when the connection drops wait for the reconnect (see below).
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, 500),
  });
  const client = driver.getInstance!() as Redis;
  try {
    await connectRedis(client, connectTimeoutMs);
  } catch (error) {
    client.disconnect();
    throw new Error(`STORAGE=${url}: Redis is not reachable (${(error as Error).message})`);
  }
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) log(`[presence-kit] storage: lost Redis (${error.message}), reconnecting`, "warn");
    down = true;
  });
  client.on("ready", () => {
    if (down) log("[presence-kit] storage: Redis is back");
    down = false;
  });
  return createUnstorage({ driver: _unavailableAs503(driver, failInFlightOnClose(client)) });
}

/** Connects a lazy ioredis client, rejecting on its first error or after `timeoutMs`. */
export function connectRedis(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once("error", (error) => (clearTimeout(timer), reject(error)));
    client.connect().then(() => (clearTimeout(timer), resolve()), (error) => (clearTimeout(timer), reject(error)));
  });
}

/** Whether `storage` is a Redis storage that is connected right now (`undefined`: not Redis). */
export function isRedisConnected(storage: Storage): boolean | undefined {
  const driver = storage.getMount("").driver;
  if (driver.name !== "redis") return undefined;
  return (driver.getInstance?.() as Redis | undefined)?.status === "ready";
}

// --- internal ---

/**
 * Every driver method's failure becomes a 503 (Redis is away), with the cause kept; a call in
 * flight when the connection drops fails at once.
 */
function _unavailableAs503<T extends object>(
  driver: T,
  inFlight: <R>(command: () => Promise<R>) => Promise<R>,
): T {
  const wrapped: Record<string, unknown> = { ...(driver as Record<string, unknown>) };
  for (const [name, fn] of Object.entries(driver)) {
    if (typeof fn !== "function" || name === "getInstance" || name === "dispose") continue;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await inFlight(async () => fn(...args));
      } catch (error) {
        throw new HTTPError({
          status: 503,
          message: `Storage is unavailable (${(error as Error).message})`,
          data: { code: ErrorCode.unavailable },
          cause: error,
        });
      }
    };
  }
  return wrapped as T;
}
