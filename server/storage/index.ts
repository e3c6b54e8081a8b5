import { createStorage as createUnstorage, prefixStorage, type Storage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import type { StorageSpec } from "../config.ts";
import { fsAtomicDriver } from "./fs-atomic.ts";

/**
 * Creates the unstorage instance named by `STORAGE`.
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
      // Scale-out (Redis storage + pub/sub bus) is its own piece of work; refuse clearly meanwhile.
      throw new Error(`STORAGE=${spec.url}: Redis storage is not available in this version yet`);
  }
}

/**
 * A view of `storage` under `prefix:` (users, kv, keys…), so each concern owns its key space.
 */
export function storageView(storage: Storage, prefix: string): Storage {
  return prefixStorage(storage, prefix);
}
