import type { Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeCodes,
  createSimulator,
  intents,
  opcodes,
  PERSONAS,
  type Simulator,
  type SimulatorOptions,
} from "./index.ts";
import {
  connectRawGateway,
  createTestClient,
  destroyClient,
  loginReady,
  waitFor,
  type RawGateway,
} from "../_test/discord-client.ts";

let sim: Simulator | undefined;
let bot: Client | undefined;
const sockets: RawGateway[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.ws.terminate();
  await destroyClient(bot);
  bot = undefined;
  await sim?.close();
  sim = undefined;
});

const ALL = intents.Guilds | intents.GuildMembers | intents.GuildPresences;

async function gateway(options: SimulatorOptions = {}): Promise<RawGateway> {
  sim ??= await createSimulator(options);
  const socket = await connectRawGateway(sim);
  sockets.push(socket);
  return socket;
}

function identify(socket: RawGateway, d: Record<string, unknown> = {}): void {
  const base = { token: "t", intents: ALL, properties: { os: "linux" }, shard: [0, 1] };
  socket.send({ op: opcodes.Identify, d: { ...base, ...d } });
}

describe("handshake", () => {
  it("sends HELLO, ACKs heartbeats, then READY and one GUILD_CREATE per guild", async () => {
    const socket = await gateway({ heartbeatInterval: 1234, guilds: 2 });
    expect(await socket.next((p) => p.op === opcodes.Hello)).toEqual({
      op: 10,
      d: { heartbeat_interval: 1234 },
    });
    socket.send({ op: opcodes.Heartbeat, d: null });
    await socket.next((p) => p.op === opcodes.HeartbeatAck);

    identify(socket);
    const ready = await socket.next((p) => p.t === "READY");
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      resume_gateway_url: sim!.gatewayUrl,
      user: { id: sim!.bot.id, bot: true },
      application: { id: sim!.bot.id },
      shard: [0, 1],
      guilds: sim!.guildIds.map((id) => ({ id, unavailable: true })),
    });
    const creates = [
      await socket.next((p) => p.t === "GUILD_CREATE"),
      await socket.next((p) => p.t === "GUILD_CREATE"),
    ];
    expect(creates.map((c) => [c.s, c.d.id])).toEqual([
      [2, sim!.guildIds[0]],
      [3, sim!.guildIds[1]],
    ]);
    expect(creates[0].d.roles[0]).toMatchObject({ id: sim!.guildIds[0], name: "@everyone" });
  });

  it("RESUME of an unknown session gets op 9 false", async () => {
    const socket = await gateway();
    socket.send({ op: opcodes.Resume, d: { token: "t", session_id: "nope", seq: 3 } });
    expect(await socket.next((p) => p.op === opcodes.InvalidSession)).toEqual({ op: 9, d: false });
  });
});

describe("close codes", () => {
  const cases: Array<[string, number, SimulatorOptions, (socket: RawGateway) => void]> = [
    ["a wrong token", closeCodes.AuthenticationFailed, { token: "right" }, (s) => identify(s)],
    ["a payload that is not JSON", closeCodes.DecodeError, {}, (s) => s.send("{nope")],
    ["an unknown opcode", closeCodes.UnknownOpcode, {}, (s) => s.send({ op: 99, d: null })],
    [
      "op 8 before IDENTIFY",
      closeCodes.NotAuthenticated,
      {},
      (s) => s.send({ op: 8, d: { guild_id: "1", query: "", limit: 0 } }),
    ],
    ["a second IDENTIFY", closeCodes.AlreadyAuthenticated, {}, (s) => (identify(s), identify(s))],
    [
      "intents that are not a number",
      closeCodes.InvalidIntents,
      {},
      (s) => identify(s, { intents: "x" }),
    ],
    ["an invalid shard", closeCodes.InvalidShard, {}, (s) => identify(s, { shard: [2, 2] })],
    [
      "a privileged intent that is not allowed",
      closeCodes.DisallowedIntents,
      { privilegedIntents: { members: false } },
      (s) => identify(s),
    ],
    [
      "op 8 presences without GuildPresences",
      closeCodes.InvalidIntents,
      {},
      (s) => {
        identify(s, { intents: intents.Guilds | intents.GuildMembers });
        s.send({ op: 8, d: { guild_id: sim!.guildIds[0], query: "", limit: 0, presences: true } });
      },
    ],
    [
      "op 8 for all members without GuildMembers",
      closeCodes.InvalidIntents,
      {},
      (s) => {
        identify(s, { intents: intents.Guilds | intents.GuildPresences });
        s.send({ op: 8, d: { guild_id: sim!.guildIds[0], query: "", limit: 0 } });
      },
    ],
  ];
  it.each(cases)("closes on %s", async (_name, code, options, act) => {
    const socket = await gateway(options);
    const disconnected = waitFor(sim!, "disconnect");
    act(socket);
    expect((await socket.closed).code).toBe(code);
    expect((await disconnected)[0].code).toBe(code);
  });
});

describe("REQUEST_GUILD_MEMBERS", () => {
  it("answers user_ids with the members found and not_found", async () => {
    const socket = await gateway();
    identify(socket);
    await socket.next((p) => p.t === "GUILD_CREATE");
    const ids = [PERSONAS.moon.id, "111111111111111111"];
    socket.send({
      op: 8,
      d: { guild_id: sim!.guildIds[0], user_ids: ids, presences: true, nonce: "abc" },
    });
    const chunk = await socket.next((p) => p.t === "GUILD_MEMBERS_CHUNK");
    expect(chunk.d).toMatchObject({ chunk_index: 0, chunk_count: 1, nonce: "abc" });
    expect(chunk.d.members.map((m: any) => m.user.id)).toEqual([PERSONAS.moon.id]);
    expect(chunk.d.not_found).toEqual(["111111111111111111"]);
    expect(chunk.d.presences[0]).toMatchObject({ user: { id: PERSONAS.moon.id }, status: "idle" });
  });

  it("matches a query against the start of usernames", async () => {
    const socket = await gateway();
    identify(socket);
    await socket.next((p) => p.t === "GUILD_CREATE");
    socket.send({ op: 8, d: { guild_id: sim!.guildIds[0], query: "NOC", limit: 10 } });
    const chunk = await socket.next((p) => p.t === "GUILD_MEMBERS_CHUNK");
    expect(chunk.d.members.map((m: any) => m.user.username)).toEqual(["noctis"]);
    expect(chunk.d.presences).toBeUndefined();
  });
});

describe("discord.js against failures", () => {
  it("a wrong token fails login with TokenInvalid (REST 401 on /gateway/bot)", async () => {
    sim = await createSimulator({ token: "right" });
    bot = createTestClient(sim);
    await expect(bot.login("wrong")).rejects.toMatchObject({ code: "TokenInvalid" });
    expect(sim.stats.rest).toEqual([{ method: "GET", path: "/api/v10/gateway/bot", status: 401 }]);
    expect(sim.stats.connections).toBe(0);
  });

  it("a disallowed privileged intent rejects login after close 4014", async () => {
    sim = await createSimulator({ privilegedIntents: { presences: false } });
    bot = createTestClient(sim);
    const disconnected = waitFor(sim, "disconnect");
    await expect(bot.login("t")).rejects.toThrow("Used disallowed intents");
    expect((await disconnected)[0].code).toBe(4014);
  });

  it("close 4004 after login is reported as shardError and shardDisconnect", async () => {
    sim = await createSimulator();
    bot = createTestClient(sim);
    await loginReady(bot);
    const error = waitFor(bot, "shardError");
    const disconnected = waitFor(bot, "shardDisconnect");
    sim.drop({ mode: "close", code: closeCodes.AuthenticationFailed });
    expect((await error)[0].message).toBe("Authentication failed");
    expect((await disconnected)[0].code).toBe(4004);
    expect(sim.stats.connections).toBe(1);
  });
});
