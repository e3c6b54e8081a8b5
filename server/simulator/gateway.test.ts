import { GatewayIntentBits, type Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONA_LIST, PERSONAS, type Simulator } from "./index.ts";
import {
  collectRaw,
  createTestClient,
  destroyClient,
  loginReady,
  waitFor,
} from "../_test/discord-client.ts";

let sim: Simulator | undefined;
let clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => destroyClient(client)));
  clients = [];
  await sim?.close();
  sim = undefined;
});

function client(options?: Parameters<typeof createTestClient>[1]): Client {
  const created = createTestClient(sim!, options);
  clients.push(created);
  return created;
}

describe("login", () => {
  it("reaches clientReady with every persona cached, fetching only /gateway/bot", async () => {
    sim = await createSimulator();
    const bot = client();
    const simReady = waitFor(sim, "ready");
    await loginReady(bot);
    await simReady;

    expect(bot.user?.id).toBe(sim.bot.id);
    const guild = bot.guilds.cache.get(sim.guildIds[0])!;
    expect(guild.memberCount).toBe(PERSONA_LIST.length + 1);
    for (const persona of PERSONA_LIST) expect(guild.members.cache.has(persona.id)).toBe(true);
    const spotify = guild.presences.cache.get(PERSONAS.spotify.id)!.activities[0];
    expect(spotify.name).toBe("Spotify");
    expect(spotify.syncId).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(spotify.party?.id).toBe(`spotify:${PERSONAS.spotify.id}`);
    expect(spotify.timestamps?.end?.getTime()).toBeGreaterThan(Date.now());
    expect(sim.stats.rest).toEqual([{ method: "GET", path: "/api/v10/gateway/bot", status: 200 }]);
    expect(sim.stats.identifies).toBe(1);
  });
});

describe("dispatches", () => {
  it("setPresence sends PRESENCE_UPDATE with user {id} only; presenceUpdate fires", async () => {
    sim = await createSimulator();
    const bot = client();
    await loginReady(bot);
    const raw = waitFor(bot, "raw", (p) => p.t === "PRESENCE_UPDATE");
    const event = waitFor(bot, "presenceUpdate");
    sim.setPresence(PERSONAS.moon.id, { status: "dnd" });

    const [packet] = await raw;
    expect(packet.d).toMatchObject({
      user: { id: PERSONAS.moon.id },
      guild_id: sim.guildIds[0],
      status: "dnd",
      client_status: { desktop: "dnd" },
    });
    expect(Object.keys(packet.d.user)).toEqual(["id"]);
    const [, presence] = await event;
    expect(presence.status).toBe("dnd");
    expect(presence.activities[0].emoji?.name).toBe("🌙"); // activities kept
  });

  it("offline clears activities and client_status; a given user is sent whole", async () => {
    sim = await createSimulator();
    const bot = client();
    await loginReady(bot);
    const raw = waitFor(bot, "raw", (p) => p.t === "PRESENCE_UPDATE");
    const user = { ...PERSONAS.coder.user, avatar: "0123456789abcdef0123456789abcdef" };
    sim.setPresence(PERSONAS.coder.id, { status: "offline" }, { user });

    const [packet] = await raw;
    expect(packet.d).toMatchObject({ status: "offline", activities: [], client_status: {} });
    expect(packet.d.user.avatar).toBe(user.avatar);
    expect(sim.member(PERSONAS.coder.id)?.avatar).toBe(user.avatar);
  });

  it("addMember, updateUser and removeMember reach discord.js", async () => {
    sim = await createSimulator();
    const bot = client();
    await loginReady(bot);
    const user = { id: "612345678901234567", username: "newcomer", discriminator: "0" };

    const added = waitFor(bot, "guildMemberAdd");
    const online = waitFor(bot, "presenceUpdate", (_old, p) => p.userId === user.id);
    sim.addMember(user, { presence: { status: "online", client_status: { web: "online" } } });
    expect((await added)[0].id).toBe(user.id);
    expect((await online)[1].clientStatus).toEqual({ web: "online" });

    // A changed user object arrives as GUILD_MEMBER_UPDATE; discord.js reports it as userUpdate
    // (guildMemberUpdate only fires for member fields such as nick or roles).
    const updated = waitFor(bot, "userUpdate");
    sim.updateUser({ id: user.id, avatar: "fedcba9876543210fedcba9876543210" });
    expect((await updated)[1].avatar).toBe("fedcba9876543210fedcba9876543210");

    const removed = waitFor(bot, "guildMemberRemove");
    sim.removeMember(user.id);
    expect((await removed)[0].id).toBe(user.id);
    expect(sim.member(user.id)).toBeUndefined();
    expect(() => sim!.setPresence(user.id, { status: "online" })).toThrow(/not a member/);
  });

  it("gates PRESENCE_UPDATE on the GuildPresences intent", async () => {
    sim = await createSimulator();
    const { Guilds, GuildMembers } = GatewayIntentBits;
    const bot = client({ intents: [Guilds, GuildMembers] });
    const presences = collectRaw(bot, "PRESENCE_UPDATE");
    const creates = collectRaw(bot, "GUILD_CREATE");
    await loginReady(bot);
    expect(creates[0].d.members.map((m: any) => m.user.id)).toEqual([sim.bot.id]);
    expect(creates[0].d.presences).toEqual([]);

    sim.setPresence(PERSONAS.moon.id, { status: "dnd" });
    // Same socket, in order: once the member add arrives, a presence update would have too.
    const added = waitFor(bot, "raw", (p) => p.t === "GUILD_MEMBER_ADD");
    sim.addMember({ id: "612345678901234568", username: "late" });
    await added;
    expect(presences).toEqual([]);
  });
});

describe("members", () => {
  it("GUILD_CREATE of a large guild holds only online members (large_threshold)", async () => {
    sim = await createSimulator({ personas: false, members: 100, online: 5 });
    const bot = client({ largeThreshold: 50 });
    const creates = collectRaw(bot, "GUILD_CREATE");
    await loginReady(bot);
    const d = creates[0].d;
    expect(d.large).toBe(true);
    expect(d.member_count).toBe(101);
    expect(d.members).toHaveLength(6); // the bot + 5 online
    expect(d.presences).toHaveLength(5);
    expect(d.presences.every((p: any) => p.status !== "offline")).toBe(true);
  });

  it("guild.members.fetch({ withPresences }) gets 1500 filler members in two chunks", async () => {
    sim = await createSimulator({ members: 1500, online: 10 });
    const bot = client();
    const chunks = collectRaw(bot, "GUILD_MEMBERS_CHUNK");
    await loginReady(bot);
    const guild = bot.guilds.cache.get(sim.guildIds[0])!;
    expect(guild.members.cache.size).toBeLessThan(50);

    const requested = waitFor(sim, "request-members");
    const members = await guild.members.fetch({ withPresences: true });
    expect((await requested)[0].guildId).toBe(guild.id);
    expect(members.size).toBe(1500 + PERSONA_LIST.length + 1);
    expect(chunks.map((c) => [c.d.chunk_index, c.d.chunk_count, c.d.members.length])).toEqual([
      [0, 2, 1000],
      [1, 2, 509],
    ]);
    const presences = chunks.flatMap((c) => c.d.presences);
    expect(presences).toHaveLength(10 + PERSONA_LIST.length);
  });

  it("serves two shards, each with its own guild, from one simulator", async () => {
    sim = await createSimulator({ guilds: 2, shards: 2 });
    const bot = client({ shards: "auto" });
    const readies = collectRaw(bot, "READY");
    await loginReady(bot);
    expect(readies.map((r) => r.d.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(readies.map((r) => r.d.guilds.length)).toEqual([1, 1]);

    // The mobile persona is in both guilds: one PRESENCE_UPDATE per guild, one per shard.
    const shards = new Set<number>();
    const both = waitFor(bot, "raw", (p, shard) => {
      if (p.t === "PRESENCE_UPDATE") shards.add(shard);
      return shards.size === 2;
    });
    sim.setPresence(PERSONAS.mobile.id, { status: "idle" });
    await both;
  });
});
