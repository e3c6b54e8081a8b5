import type { Hub } from "./hub-types.ts";

/**
 * A value per monitored user, made at most once per user version and dropped when the user is no
 * longer served: for what a route derives from a presence on every request (encoded snapshots,
 * quicklink URLs, card cache keys), so a request compares a version number and builds nothing.
 * @example
 * const snapshotOf = perVersion(hub, (id) => hub.get(id)!);
 * snapshotOf("94490510688792576"); // undefined for a user who is not monitored
 */
export function perVersion<T>(hub: Hub, make: (id: string) => T): (id: string) => T | undefined {
  const made = new Map<string, { version: number; value: T }>();
  hub.subscribe("all", (change) => void (change.presence || made.delete(change.userId)));
  return (id) => {
    const version = hub.version(id);
    if (version === undefined) return undefined;
    let entry = made.get(id);
    if (entry?.version !== version) made.set(id, (entry = { version, value: make(id) }));
    return entry.value;
  };
}
