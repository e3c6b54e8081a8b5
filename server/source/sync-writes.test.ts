import { afterEach, describe, expect, it } from "vitest";
import { createHub, type Hub } from "../presence/hub.ts";
import { createSimulator, type Simulator } from "../simulator/index.ts";
import { createStorage, storageView } from "../storage/index.ts";
import { createDiscordSource } from "./discord.ts";
import type { PresenceSource } from "./source.ts";

// GUILD_CREATE lists every online member of a large guild, then the member sync (op 8) lists them
// again: a member whose user and presence did not change between the two must be written once.
describe("member sync: hub writes per member", () => {
  let sim: Simulator | undefined;
  let source: PresenceSource | undefined;
  let hub: Hub | undefined;
  afterEach(async () => {
    await source?.stop();
    await hub?.close();
    await sim?.close();
    sim = source = hub = undefined;
  });

  async function _start(members: number) {
    sim = await createSimulator({ script: false, members, online: "all" });
    hub = createHub({ storage: storageView(createStorage({ driver: "memory" }), "users") });
    await hub.start();
    const writes = new Map<string, number>();
    hub.subscribe("all", (change) => writes.set(change.userId, (writes.get(change.userId) ?? 0) + 1));
    source = createDiscordSource({ token: "t", apiUrl: sim.apiUrl, fastIdentify: true, largeThreshold: 50, log: () => {} });
    await source.start(hub);
    await source.ready();
    return writes;
  }

  it("writes each member at most once from connect to ready (a large guild, all online)", async () => {
    const writes = await _start(400);
    // The bot is a member too, and monitored like any other.
    const members = sim!.members();
    expect(members.length).toBeGreaterThan(400);
    expect(hub!.size).toBe(members.length);
    const counts = members.map((u) => writes.get(u.id) ?? 0);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(1);
  });

  it("writes nobody again after a re-identify when nothing changed, and the one who did once", async () => {
    const writes = await _start(120);
    writes.clear();
    const [changed] = sim!.members().filter((u) => u.id !== sim!.bot.id);
    const synced = new Promise((resolve) => sim!.once("request-members", resolve));
    // Not resumable: discord.js identifies again and gets a new GUILD_CREATE and member sync.
    sim!.drop({ mode: "close", code: 1000, resumable: false });
    await synced;
    sim!.setPresence(changed.id, { status: "dnd" });
    await expect.poll(() => writes.get(changed.id)).toBe(1);
    await expect.poll(() => source!.status().state).toBe("ready");
    expect([...writes]).toEqual([[changed.id, 1]]);
  });
});
