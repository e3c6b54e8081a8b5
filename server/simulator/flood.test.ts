import type { Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, fillerUser, type Simulator } from "./index.ts";
import { collectRaw, createTestClient, loginReady, waitFor, closeAll } from "../_test/discord-client.ts";

let sim: Simulator | undefined;
let bot: Client | undefined;

afterEach(async () => ([sim, bot] = await closeAll(sim, bot)));

describe("flood", () => {
  it("writes every PRESENCE_UPDATE, with changing Spotify tracks, in order", async () => {
    sim = await createSimulator({ personas: false, members: 200 });
    bot = createTestClient(sim);
    const packets = collectRaw(bot, "PRESENCE_UPDATE");
    await loginReady(bot);

    const all = waitFor(bot, "raw", () => packets.length === 5000, 15_000);
    const result = await sim.flood({ count: 5000 });
    expect(result.sent).toBe(5000);
    await all;
    const seqs = packets.map((p) => p.s);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const syncIds = new Set(packets.map((p) => p.d.activities[0].sync_id));
    expect(syncIds.size).toBe(5000);
    const names = packets[0].d.activities.map((a: any) => a.name);
    expect(names).toEqual(["Spotify", "Visual Studio Code"]);
    // The world keeps the last flooded presence.
    const lastForFirst = packets[4800].d;
    expect(sim.presence(lastForFirst.user.id)?.status).toBe(lastForFirst.status);
  });

  it("cycles through the given user ids only", async () => {
    sim = await createSimulator({ personas: false, members: 10 });
    bot = createTestClient(sim);
    const packets = collectRaw(bot, "PRESENCE_UPDATE");
    await loginReady(bot);
    const ids = [fillerUser(2).id, fillerUser(7).id];
    const done = waitFor(bot, "raw", () => packets.length === 6);
    await sim.flood({ count: 6, userIds: ids });
    await done;
    expect(packets.map((p) => p.d.user.id)).toEqual([...ids, ...ids, ...ids]);
    const statuses = packets.map((p) => p.d.status);
    expect(statuses).toEqual(["online", "online", "idle", "idle", "dnd", "dnd"]);
  });
});
