import type { Redis } from "ioredis";
import { createStorage as createUnstorage, type Storage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";

/** Options of {@link createRedisStorage}. */
export interface RedisStorageOptions {
  /** `redis://host:port[/db]` (or `rediss://`). */
  url: string;
  /** Key prefix, so one Redis can hold other data too. @default "pk" */
  base?: string;
  /** Longest wait for the first connection. @default 5000 */
  connectTimeoutMs?: number;
  /** One-line log sink for outages and recoveries. @default console.log */
  log?: (message: string) => void;
}

/**
 * unstorage's redis driver (ioredis), connected before it is returned: an unreachable Redis at
 * start is one clear error naming `STORAGE`. Later outages are survived: ioredis reconnects and
 * queues commands meanwhile, so a write is acknowledged only once Redis has it.
 * @example
 * const storage = await createRedisStorage({ url: "redis://127.0.0.1:6379" });
 * @see README.md#scaling-out-with-redis
 */
export async function createRedisStorage(options: RedisStorageOptions): Promise<Storage> {
  const { url, base = "pk", connectTimeoutMs = 5000, log = console.log } = options;
  const driver = redisDriver({ url, base, connectTimeout: connectTimeoutMs, lazyConnect: true });
  const client = driver.getInstance!() as Redis;
  try {
    await connectRedis(client, connectTimeoutMs);
  } catch (error) {
    client.disconnect();
    throw new Error(`STORAGE=${url}: Redis is not reachable (${(error as Error).message})`);
  }
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) log(`[presence-kit] storage: lost Redis (${error.message}), reconnecting`);
    down = true;
  });
  client.on("ready", () => {
    if (down) log("[presence-kit] storage: Redis is back");
    down = false;
  });
  return createUnstorage({ driver });
}

/** Connects a lazy ioredis client, rejecting on its first error or after `timeoutMs`. */
export function connectRedis(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once("error", (error) => (clearTimeout(timer), reject(error)));
    client.connect().then(() => (clearTimeout(timer), resolve()), (error) => (clearTimeout(timer), reject(error)));
  });
}
