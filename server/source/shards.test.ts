import { afterEach, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { PERSONAS, type Simulator } from "../simulator/index.ts";

// Two guilds on two shards (guild i on shard i): every persona is in guild 0, `mobile` and
// `gamer` also in guild 1, and the filler members alternate between the guilds.
const kSim = { guilds: 2, shards: 2, members: 6 };

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("gateway shards", () => {
  it("SHARD_COUNT=auto runs every recommended shard and monitors every member", async () => {
    stack = await startStack({ sim: kSim, env: { SHARD_COUNT: "auto" } });
    const { sim } = stack;
    expect(sim.stats.identifies).toBe(2);
    for (const user of _members(sim)) expect((await stack.get(`/v1/users/${user}`)).status).toBe(200);
    expect((await stack.get("/health")).body.data.gateway.shards).toEqual([
      { id: 0, state: "ready" },
      { id: 1, state: "ready" },
    ]);

    // An update from each shard reaches the hub.
    for (const userId of [_only(sim, 0)[0], _only(sim, 1)[0]]) {
      const change = stack.nextChange((c) => c.userId === userId && c.presence?.discord_status === "dnd");
      sim.setPresence(userId, { status: "dnd" });
      await change;
    }

    // A member of both guilds who leaves shard 1's guild stays monitored through shard 0's, and
    // is dropped once they leave that one too.
    const both = PERSONAS.mobile.id;
    sim.removeMember(both, { guildId: sim.guildIds[1] });
    // Shard 1's next dispatch comes after the removal on the same connection.
    const later = _only(sim, 1)[0];
    const barrier = stack.nextChange((c) => c.userId === later && c.presence?.discord_status === "idle");
    sim.setPresence(later, { status: "idle" });
    await barrier;
    expect((await stack.get(`/v1/users/${both}`)).status).toBe(200);
    const removed = stack.nextChange((c) => c.userId === both && c.presence === null);
    sim.removeMember(both, { guildId: sim.guildIds[0] });
    await removed;
    expect((await stack.get(`/v1/users/${both}`)).status).toBe(404);
  });

  it("SHARD_IDS=0 SHARD_COUNT=2 monitors only members of shard 0's guild", async () => {
    stack = await startStack({ sim: kSim, env: { SHARD_IDS: "0", SHARD_COUNT: "2" } });
    const { sim } = stack;
    expect(sim.stats.identifies).toBe(1);
    expect(_only(sim, 1).length).toBeGreaterThan(0);
    for (const user of _only(sim, 1)) {
      const res = await stack.get(`/v1/users/${user}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("user_not_monitored");
    }
    for (const user of sim.members(sim.guildIds[0])) {
      if (user.id !== sim.bot.id) expect((await stack.get(`/v1/users/${user.id}`)).status).toBe(200);
    }
    expect((await stack.get("/health")).body.data.gateway.shards).toEqual([{ id: 0, state: "ready" }]);

    expect((await stack.get(`/v1/users/${PERSONAS.mobile.id}`)).status).toBe(200);
  });

  it("resumes both shards after their connections drop, and their updates keep flowing", async () => {
    stack = await startStack({ sim: kSim, env: { SHARD_COUNT: "2" } });
    const { sim, server } = stack;
    const resumed = new Promise<void>((resolve) => {
      let count = 0;
      sim.on("resume", () => ++count === 2 && resolve());
    });
    sim.drop({ mode: "close", code: 4000, resumable: true });
    await resumed;
    await server.source.ready();
    expect(sim.stats.identifies).toBe(2);
    expect((await stack.get("/health")).status).toBe(200);
    for (const userId of [_only(sim, 0)[0], _only(sim, 1)[0]]) {
      const change = stack.nextChange((c) => c.userId === userId && c.presence?.discord_status === "idle");
      sim.setPresence(userId, { status: "idle" });
      await change;
    }
  });

  it("identifies both shards again after their sessions are lost, and resyncs each guild", async () => {
    stack = await startStack({ sim: kSim, env: { SHARD_COUNT: "2" } });
    const { sim, server } = stack;
    // Someone leaves shard 1's guild while no session exists (drop forgets them at once), so no
    // GUILD_MEMBER_REMOVE is sent: only the resync after the new IDENTIFY can tell.
    const leaver = _only(sim, 1)[0]!;
    const pruned = stack.nextChange((c) => c.userId === leaver && c.presence === null);
    const identified = new Promise<void>((resolve) => {
      let count = 0;
      sim.on("ready", () => ++count === 2 && resolve());
    });
    sim.drop({ mode: "close", code: 4000, resumable: false });
    sim.removeMember(leaver);
    await identified;
    await pruned;
    await server.source.ready();
    expect(sim.stats.identifies).toBe(4);
    expect((await stack.get(`/v1/users/${leaver}`)).status).toBe(404);
    const { shards } = (await stack.get("/health")).body.data.gateway;
    expect(shards.map((s: { state: string }) => s.state)).toEqual(["ready", "ready"]);
  });
});

// --- internal ---

/** Every member but the bot. */
function _members(sim: Simulator): string[] {
  return sim.members().filter((u) => u.id !== sim.bot.id).map((u) => u.id);
}

/** Members of guild `index` only. */
function _only(sim: Simulator, index: number): string[] {
  const other = new Set(sim.members(sim.guildIds[1 - index]).map((u) => u.id));
  return sim.members(sim.guildIds[index]).filter((u) => !other.has(u.id)).map((u) => u.id);
}
