import { createStorage as createUnstorage, prefixStorage, type Storage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import type { StorageSpec } from "../config.ts";
import { fsAtomicDriver, removeTemporaryFiles } from "./fs-atomic.ts";
import { createRedisStorage } from "./redis.ts";

/**
 * Opens the storage named by `STORAGE`, connecting first when it is remote (Redis): an
 * unreachable Redis is one error naming `STORAGE`. A local `fs` directory is cleaned of the
 * temporary files a crash left.
 * @example
 * const storage = await openStorage(config.storage);
 * @see README.md#scaling-out-with-redis
 */
export async function openStorage(spec: StorageSpec, log?: (message: string) => void): Promise<Storage> {
  if (spec.driver === "redis") return createRedisStorage({ url: spec.url, log });
  // A crash between write and rename leaves a temporary file; nothing else writes yet.
  if (spec.driver === "fs") await removeTemporaryFiles(spec.base);
  return createStorage(spec);
}

/**
 * Creates a local unstorage instance (`memory`, `fs`) at once; Redis needs {@link openStorage}.
 * @example
 * const storage = createStorage({ driver: "memory" });
 * @see README.md#configuration
 */
export function createStorage(spec: StorageSpec): Storage {
  switch (spec.driver) {
    case "memory":
      return createUnstorage({ driver: memoryDriver() });
    case "fs":
      return createUnstorage({ driver: fsAtomicDriver({ base: spec.base }) });
    case "redis":
      throw new Error(`STORAGE=${spec.url}: Redis storage connects asynchronously, use openStorage()`);
  }
}

/**
 * A view of `storage` under `prefix:` (users, kv, keys…), so each concern owns its key space.
 */
export function storageView(storage: Storage, prefix: string): Storage {
  return prefixStorage(storage, prefix);
}
