import { HTTPError } from "h3";
import { apiError, ErrorCode } from "../errors.ts";
import { logger } from "../log/logger.ts";
import type { Hub } from "../presence/hub.ts";
import { checkPatch, checkPut, kDefaultKvByteLimits, type KvByteLimits, type KvViolation } from "./limits.ts";

/**
 * A user's KV, with the hub's state as the single source of truth: each write is validated
 * against the current pairs, stored with `hub.commit` (so it survives a restart and reaches
 * every subscriber) and only then acknowledged.
 */
export interface KvStore {
  /** The user's pairs; throws 404 `user_not_monitored` for an unknown user. */
  get(userId: string): Record<string, string>;
  put(userId: string, key: string, value: string): Promise<void>;
  /** Merges `body` (checked as Lanyard does: a flat object of strings). */
  patch(userId: string, body: unknown): Promise<void>;
  /** Removes a key; resolves `false` when it did not exist (still a success). */
  delete(userId: string, key: string): Promise<boolean>;
}

/**
 * Creates the KV store over the hub. Writes for one user run one after another, so concurrent
 * writers never lose pairs or go past the pair or byte limits; different users do not wait on
 * each other.
 * @example
 * const kv = createKvStore(hub, { maxValueBytes: 65536, maxUserBytes: 1048576 });
 * await kv.put("94490510688792576", "song", "Carry on");
 * @param bytes byte bounds on top of Lanyard's grapheme limits (`config.kv`)
 * @see README.md#kv-and-api-keys
 */
export function createKvStore(hub: Hub, bytes: KvByteLimits = kDefaultKvByteLimits): KvStore {
  const chains = new Map<string, Promise<unknown>>();

  function _serial<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const next = (chains.get(userId) ?? Promise.resolve()).then(task);
    const settled = next.catch(() => {});
    chains.set(userId, settled);
    void settled.then(() => chains.get(userId) === settled && chains.delete(userId));
    return next;
  }

  async function _commit(userId: string, kv: Record<string, string>): Promise<void> {
    // The hub queues the write behind any write-behind flush in flight, so once this resolves the
    // pairs are on disk and no older state can overwrite them.
    try {
      await hub.commit(userId, { kv });
    } catch (error) {
      if (error instanceof HTTPError) throw error; // Redis away: already a 503
      // A disk error (a failed fsync, a full disk): not acknowledged, nothing applied; retryable.
      logger.error({ err: error }, "KV write could not be stored");
      throw apiError(503, ErrorCode.unavailable, "The write could not be stored; retry");
    }
  }

  function _current(userId: string): Record<string, string> {
    const snapshot = hub.get(userId);
    if (!snapshot) {
      throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
    }
    return snapshot.presence.kv;
  }

  return {
    get: _current,
    put(userId, key, value) {
      return _serial(userId, async () => {
        const current = _current(userId);
        _throwIf(checkPut(current, key, value, bytes));
        await _commit(userId, { ...current, [key]: value });
      });
    },
    patch(userId, body) {
      return _serial(userId, async () => {
        const current = _current(userId);
        _throwIf(checkPatch(current, body, bytes));
        const pairs = body as Record<string, string>;
        if (Object.keys(pairs).length === 0) return;
        await _commit(userId, { ...current, ...pairs });
      });
    },
    delete(userId, key) {
      return _serial(userId, async () => {
        const current = _current(userId);
        if (!Object.hasOwn(current, key)) return false;
        const { [key]: _removed, ...rest } = current;
        await _commit(userId, rest);
        return true;
      });
    },
  };
}

// --- internal ---

function _throwIf(violation: KvViolation | undefined): void {
  if (violation) throw apiError(violation.status, violation.code, violation.message);
}
