import { describe, expect, it } from "vitest";
import { createHub } from "../presence/hub.ts";
import type { RawPresence, RawUser } from "../presence/types.ts";
import { createStorage, storageView } from "../storage/index.ts";
import { createSnapshots } from "./snapshots.ts";

const alice: RawUser = { id: "94490510688792576", username: "alice", discriminator: "0", global_name: "Alice" };
const online: RawPresence = { status: "online", activities: [], client_status: { desktop: "online" } };
const idle: RawPresence = { status: "idle", activities: [], client_status: { desktop: "idle" } };
const images = { cdnUrl: "https://cdn.discordapp.com", spotifyImageUrl: "https://i.scdn.co/image" };

function setup() {
  const hub = createHub({ storage: storageView(createStorage({ driver: "memory" }), "users"), flushDelayMs: 5 });
  return { hub, snapshots: createSnapshots(hub, images) };
}

const json = (body: Uint8Array | undefined) => JSON.parse(Buffer.from(body!).toString());

describe("snapshot answers", () => {
  it("reuses one encoding while the user is unchanged, and encodes again after each change", () => {
    const { hub, snapshots } = setup();
    hub.sync(alice.id, { user: alice, presence: online });
    const first = snapshots.answer("lanyard", alice.id);
    expect(snapshots.answer("lanyard", alice.id)).toBe(first);
    expect(json(first.body).data.discord_status).toBe("online");
    hub.sync(alice.id, { presence: idle });
    const second = snapshots.answer("lanyard", alice.id);
    expect(second).not.toBe(first);
    expect(json(second.body).data.discord_status).toBe("idle");
    // Each dialect has its own bytes for the same version.
    expect(json(snapshots.answer("tether", alice.id).body).data.status).toBe("idle");
  });

  it("answers not monitored once the user is removed, and the new state when they return", async () => {
    const { hub, snapshots } = setup();
    hub.sync(alice.id, { user: alice, presence: online });
    snapshots.answer("originoid", alice.id);
    await hub.remove(alice.id);
    expect(snapshots.answer("originoid", alice.id).status).toBe(404);
    expect(snapshots.answer("lanyard", alice.id).status).toBe(404);
    hub.sync(alice.id, { user: alice, presence: idle });
    expect(snapshots.answer("lanyard", alice.id).status).toBe(200);
    expect(json(snapshots.answer("lanyard", alice.id).body).data.discord_status).toBe("idle");
  });

  it("answers each dialect's invalid-id error for what is not a snowflake", () => {
    const { snapshots } = setup();
    expect(snapshots.answer("lanyard", "12").status).toBe(404);
    expect(json(snapshots.answer("tether", "12").body).error.code).toBe("invalid_user_id");
    expect(snapshots.answer("originoid", "abc").status).toBe(400);
  });
});
