import { describe, expect, it } from "vitest";
import { createStorage, storageView } from "../storage/index.ts";
import { createHub } from "./hub.ts";
import { perVersion } from "./per-version.ts";
import type { RawPresence, RawUser } from "./types.ts";

const alice: RawUser = { id: "94490510688792576", username: "alice", discriminator: "0", global_name: "Alice" };
const online: RawPresence = { status: "online", activities: [], client_status: { desktop: "online" } };

describe("perVersion", () => {
  it("makes a value once per user version, again after a change, and none for a user not served", async () => {
    const hub = createHub({ storage: storageView(createStorage({ driver: "memory" }), "users"), flushDelayMs: 5 });
    const made: number[] = [];
    const statusOf = perVersion(hub, (id) => (made.push(hub.version(id)!), hub.get(id)!.presence.discord_status));
    expect(statusOf(alice.id)).toBeUndefined();
    hub.sync(alice.id, { user: alice, presence: online });
    expect([statusOf(alice.id), statusOf(alice.id)]).toEqual(["online", "online"]);
    hub.sync(alice.id, { presence: { ...online, status: "idle" } });
    expect(statusOf(alice.id)).toBe("idle");
    expect(made).toEqual([1, 2]);
    await hub.remove(alice.id);
    expect(statusOf(alice.id)).toBeUndefined();
    hub.sync(alice.id, { user: alice, presence: online });
    expect(statusOf(alice.id)).toBe("online");
    expect(made).toEqual([1, 2, 4]);
  });
});
