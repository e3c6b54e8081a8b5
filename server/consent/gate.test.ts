// The gate with the real guild tracker and hub (memory storage), fed raw Gateway dispatches: the
// decisions no end-to-end test reaches cheaply, and what the choice store keeps.
import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { createHub } from "../presence/hub.ts";
import { storageView } from "../storage/index.ts";
import { createGuildTracker, type GatewayPacket } from "../source/guild-tracker.ts";
import { createConsentChoices } from "./choices.ts";
import { createConsentGate, type ConsentGateOptions } from "./gate.ts";

const A = "300000000000000001";
const B = "300000000000000002";
const C = "300000000000000003";
const ROLE = "400000000000000001";
const ann = { id: "500000000000000001", username: "ann", discriminator: "0" };
const online = { status: "online", activities: [{ name: "Game", type: 0 }], client_status: { web: "online" } };

async function setup(options: Omit<ConsentGateOptions, "hub" | "choices">) {
  const storage = createStorage({ driver: memoryDriver() });
  const hub = createHub({ storage: storageView(storage, "users"), flushDelayMs: 5 });
  const choices = createConsentChoices(storageView(storage, "consent"));
  await choices.load();
  const gate = createConsentGate({ hub, choices, ...options });
  const tracker = createGuildTracker(gate.wrap(hub));
  const send = (t: string, d: object) => gate.handle({ t, d } as GatewayPacket, tracker.handle);
  const guild = (id: string, roles: string[]) =>
    send("GUILD_CREATE", { id, large: false, members: [{ user: ann, roles }], presences: [{ user: { id: ann.id }, ...online }] });
  return { storage, hub, choices, gate, send, guild };
}

describe("consent gate", () => {
  it("role: losing the role in one server while a member of another removes the user, presence scrubbed", async () => {
    const { hub, send, guild } = await setup({ mode: "role", roleIds: [ROLE] });
    guild(A, [ROLE]);
    guild(B, []);
    expect(hub.get(ann.id)?.presence.activities[0]?.name).toBe("Game");
    send("GUILD_MEMBER_REMOVE", { guild_id: A, user: ann });
    expect(hub.has(ann.id)).toBe(false);
    await hub.flush();
    expect(hub.record(ann.id)?.state.presence).toBeNull();
    // Back with the role: served at once from what the gate held, presence included.
    send("GUILD_MEMBER_ADD", { guild_id: A, user: ann, roles: [ROLE] });
    expect(hub.get(ann.id)?.presence.activities[0]?.name).toBe("Game");
    send("GUILD_DELETE", { id: A });
    expect(hub.has(ann.id)).toBe(false);
    send("GUILD_DELETE", { id: B, unavailable: true }); // an outage changes nothing
    expect(hub.has(ann.id)).toBe(false);
  });

  it("opt-in: a user who never opted in is never written to the hub (so never stored)", async () => {
    const { hub, storage, choices, gate, guild, send } = await setup({ mode: "opt-in" });
    guild(A, []);
    send("PRESENCE_UPDATE", { guild_id: A, user: { id: ann.id }, status: "dnd", activities: [], client_status: {} });
    expect(hub.record(ann.id)).toBeUndefined();
    await hub.flush();
    expect(await storage.getKeys("users")).toEqual([]);
    await choices.set(ann.id, "in");
    await gate.reconsider(ann.id);
    expect(hub.get(ann.id)?.presence).toMatchObject({ discord_status: "dnd", discord_user: { username: "ann" } });
  });

  it("GUILD_IDS: dispatches of other servers are ignored whole", async () => {
    const { hub, send, guild } = await setup({ guildIds: [A] });
    expect(guild(C, [])).toBe(false);
    expect(send("PRESENCE_UPDATE", { guild_id: C, user: { id: ann.id }, ...online })).toBe(false);
    expect(hub.record(ann.id)).toBeUndefined();
    expect(guild(A, [])).toBe(true);
    expect(hub.has(ann.id)).toBe(true);
  });

  it("choices are stored under salted hashes that do not name the user, and load back", async () => {
    const { storage, choices } = await setup({});
    await choices.set(ann.id, "out", 7);
    const keys = await storage.getKeys();
    const values = JSON.stringify(await Promise.all(keys.map((k) => storage.getItem(k))));
    expect(keys.join()).not.toContain(ann.id);
    expect(values).not.toContain(ann.id);
    const again = createConsentChoices(storageView(storage, "consent"));
    await again.load();
    expect([again.get(ann.id), again.floor(ann.id), again.get("500000000000000002")]).toEqual(["out", 7, undefined]);
    await again.set(ann.id, "in");
    expect(again.floor(ann.id)).toBe(7); // kept: versions must keep growing
  });
});
