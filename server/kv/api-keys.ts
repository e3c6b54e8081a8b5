import { createHash, randomBytes } from "node:crypto";
import type { Storage } from "unstorage";

/** API keys for the KV routes: one per user, stored only as SHA-256 hashes. */
export interface ApiKeys {
  /** Issues a new key for `userId`, invalidating the previous one. Resolves once stored. */
  issue(userId: string): Promise<string>;
  /** The user a key belongs to, or `undefined` for a missing or unknown key. */
  resolve(key: string | null | undefined): Promise<string | undefined>;
  /** Deletes the user's key (`.forget`); resolves once no record of it is stored. */
  revoke(userId: string): Promise<void>;
}

/** Prefix of every issued key (Lanyard uses `lnyd_`; the shape is the same). */
export const kApiKeyPrefix = "pk_";

/**
 * Creates the key store over a storage view (`keys:`). Records: `hash:<sha256>` → user id and
 * `user:<id>` → the hash, so rotating can delete the old hash.
 * @example
 * const keys = createApiKeys(storageView(storage, "keys"));
 * const key = await keys.issue("94490510688792576");
 * @see README.md#kv-and-api-keys
 */
export function createApiKeys(storage: Storage): ApiKeys {
  // Issues for one user are chained so two concurrent rotations cannot both stay valid.
  const chains = new Map<string, Promise<unknown>>();

  async function _issue(userId: string): Promise<string> {
    const key = kApiKeyPrefix + randomBytes(16).toString("hex");
    const hash = _hash(key);
    const previous = (await storage.getItem<_UserRecord>(`user:${userId}`))?.hash;
    // The new hash is stored before the pointer moves, and the old one removed last: a crash in
    // between leaves at most the old key still valid, never no key recorded for the user.
    await storage.setItem(`hash:${hash}`, { userId });
    await storage.setItem(`user:${userId}`, { hash });
    if (previous && previous !== hash) await storage.removeItem(`hash:${previous}`);
    return key;
  }

  return {
    issue(userId) {
      const next = (chains.get(userId) ?? Promise.resolve()).then(() => _issue(userId));
      const settled = next.catch(() => {});
      chains.set(userId, settled);
      void settled.then(() => chains.get(userId) === settled && chains.delete(userId));
      return next;
    },
    revoke(userId) {
      // Chained like issues, so a rotation in flight cannot store a key after the revoke.
      const next = (chains.get(userId) ?? Promise.resolve()).then(async () => {
        const hash = (await storage.getItem<_UserRecord>(`user:${userId}`))?.hash;
        if (hash) await storage.removeItem(`hash:${hash}`);
        await storage.removeItem(`user:${userId}`);
      });
      chains.set(userId, next.catch(() => {}));
      return next;
    },
    async resolve(key) {
      if (!key) return undefined;
      // Looking up the hash, not the key, means timing reveals nothing about stored keys.
      const record = await storage.getItem<_HashRecord>(`hash:${_hash(key)}`);
      return typeof record?.userId === "string" ? record.userId : undefined;
    },
  };
}

// --- internal ---

// Objects, not bare strings: unstorage would parse a stored snowflake into a (rounded) number.
interface _HashRecord {
  userId: string;
}

interface _UserRecord {
  hash: string;
}

function _hash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
