import { createHash, randomBytes } from "node:crypto";
import type { Storage } from "unstorage";

/** What a user told the bot: `in` (`.optin`) or `out` (`.optout`, `.forget`). */
export type Choice = "in" | "out";

/** The users' consent choices, persisted so they hold across restarts and processes. */
export interface ConsentChoices {
  /** Reads the salt and every stored choice; call once before the source starts. */
  load(): Promise<void>;
  /** The user's choice, or `undefined` when they never sent `.optin` / `.optout`. */
  get(userId: string): Choice | undefined;
  /**
   * The hub version the user's record had when `.forget` deleted it: the next record continues
   * after it, so processes that saw the old versions accept the new ones.
   */
  floor(userId: string): number;
  /** Stores a choice (and a version floor, from `.forget`); resolves once it is stored. */
  set(userId: string, choice: Choice, floor?: number): Promise<void>;
}

/**
 * Creates the choice store over a storage view (`consent:`). Keys are a salted SHA-256 of the user
 * id, never the id itself, so an opt-out kept after `.forget` does not name the user in a listing
 * of storage; the salt is random per installation and stored once under `salt`.
 * @example
 * const choices = createConsentChoices(storageView(storage, "consent"));
 * await choices.load();
 * await choices.set("94490510688792576", "out");
 * @see README.md#privacy-and-consent
 */
export function createConsentChoices(storage: Storage): ConsentChoices {
  let salt = "";
  const byHash = new Map<string, _Record>();
  // Hashing costs ~1 µs; the gate asks on every presence update, so hashes are memoised per id.
  const memo = new Map<string, string>();
  const _key = (userId: string) => {
    let key = memo.get(userId);
    if (key === undefined) {
      key = `u:${createHash("sha256").update(`${salt}:${userId}`).digest("hex")}`;
      if (memo.size >= kMemoMax) memo.clear();
      memo.set(userId, key);
    }
    return key;
  };

  return {
    async load() {
      const stored = await storage.getItem<{ salt?: unknown }>("salt");
      if (typeof stored?.salt === "string" && stored.salt) salt = stored.salt;
      else {
        salt = randomBytes(16).toString("hex");
        await storage.setItem("salt", { salt });
      }
      memo.clear();
      byHash.clear();
      for (const key of await storage.getKeys("u")) {
        const record = await storage.getItem<_Record>(key);
        if (record?.c === "in" || record?.c === "out") byHash.set(key, record);
      }
    },
    // Nobody has chosen anything yet (a fresh install, CONSENT=guild): no hash to compute.
    get: (userId) => (byHash.size === 0 ? undefined : byHash.get(_key(userId))?.c),
    floor: (userId) => (byHash.size === 0 ? 0 : (byHash.get(_key(userId))?.v ?? 0)),
    async set(userId, choice, floor) {
      const key = _key(userId);
      const v = Math.max(floor ?? 0, byHash.get(key)?.v ?? 0);
      const record: _Record = v > 0 ? { c: choice, at: Date.now(), v } : { c: choice, at: Date.now() };
      await storage.setItem(key, record);
      byHash.set(key, record);
    },
  };
}

// --- internal ---

/** Memoised hashes kept before the memo starts over (≈ 100 bytes each). */
const kMemoMax = 100_000;

/** One stored choice: the choice, when it was made, and the version floor after `.forget`. */
interface _Record {
  c: Choice;
  at: number;
  v?: number;
}
