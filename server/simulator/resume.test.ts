import type { Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type Simulator, type SimulatorOptions } from "./index.ts";
import { collectRaw, createTestClient, loginReady, waitFor, closeAll } from "../_test/discord-client.ts";

let sim: Simulator | undefined;
let bot: Client | undefined;

afterEach(async () => ([sim, bot] = await closeAll(sim, bot)));

async function start(options: SimulatorOptions = {}): Promise<Client> {
  sim = await createSimulator(options);
  bot = createTestClient(sim);
  return bot;
}

/** A PRESENCE_UPDATE for `userId` with `status`, as the client's raw event sees it. */
function presenceFor(userId: string, status: string) {
  return (p: any) => p.t === "PRESENCE_UPDATE" && p.d.user.id === userId && p.d.status === status;
}

describe("resume", () => {
  it("after close 4000, replays a PRESENCE_UPDATE generated while disconnected", async () => {
    const client = await start();
    await loginReady(client);
    const disconnected = waitFor(sim!, "disconnect");
    sim!.drop({ mode: "close", code: 4000 });
    expect((await disconnected)[0].code).toBe(4000);

    const resumed = waitFor(client, "shardResume");
    const replayed = waitFor(client, "raw", presenceFor(PERSONAS.gamer.id, "online"));
    const simResume = waitFor(sim!, "resume");
    sim!.setPresence(PERSONAS.gamer.id, { status: "online" });
    await Promise.all([resumed, replayed]);
    expect((await simResume)[0].replayed).toBe(1);
    const guild = client.guilds.cache.get(sim!.guildIds[0])!;
    expect(guild.presences.cache.get(PERSONAS.gamer.id)?.status).toBe("online");
    expect(sim!.stats.identifies).toBe(1);
  });

  it("resumes after op 7 RECONNECT and after a TCP reset", async () => {
    const client = await start();
    await loginReady(client);
    let resumed = waitFor(client, "shardResume");
    sim!.drop({ mode: "reconnect" });
    await resumed;

    resumed = waitFor(client, "shardResume");
    const replayed = waitFor(client, "raw", presenceFor(PERSONAS.moon.id, "dnd"));
    sim!.drop({ mode: "terminate" });
    sim!.setPresence(PERSONAS.moon.id, { status: "dnd" });
    await Promise.all([resumed, replayed]);
    expect(sim!.stats).toMatchObject({ identifies: 1, resumes: 2, connections: 3 });
  });

  it("op 9 true resumes on the same socket", async () => {
    const client = await start();
    await loginReady(client);
    const resume = waitFor(sim!, "resume");
    sim!.drop({ mode: "invalidate", resumable: true });
    await resume;
    expect(sim!.stats).toMatchObject({ connections: 1, identifies: 1, resumes: 1 });
  });

  it("op 9 false makes discord.js IDENTIFY again and receive a new GUILD_CREATE", async () => {
    const client = await start();
    const creates = collectRaw(client, "GUILD_CREATE");
    const identifies: string[] = [];
    sim!.on("identify", ({ sessionId }) => identifies.push(sessionId));
    await loginReady(client);

    const shardReady = waitFor(client, "shardReady");
    sim!.drop({ mode: "invalidate", resumable: false });
    await shardReady;
    expect(identifies).toHaveLength(2);
    expect(identifies[0]).not.toBe(identifies[1]);
    expect(creates).toHaveLength(2);
    expect(sim!.stats.resumes).toBe(0);
  });

  it("a session forgotten after sessionTimeoutMs is re-identified", async () => {
    const client = await start({ sessionTimeoutMs: 50 });
    await loginReady(client);
    const shardReady = waitFor(client, "shardReady");
    sim!.drop({ mode: "terminate" }); // discord.js waits 500 ms before resuming: too late
    await shardReady;
    expect(sim!.stats).toMatchObject({ identifies: 2, resumes: 0 });
  });
});

describe("heartbeats", () => {
  it("acknowledges heartbeats", async () => {
    const client = await start({ heartbeatInterval: 200 });
    const acked = waitFor(client, "debug", (message: string) =>
      message.includes("Heartbeat acknowledged"),
    );
    await loginReady(client);
    await acked;
    expect(sim!.stats.heartbeats).toBeGreaterThan(0);
  });

  it("a zombie connection (no ACKs) is closed by the client with 4200 and resumed", async () => {
    const client = await start({ heartbeatInterval: 300 });
    await loginReady(client);
    sim!.ackHeartbeats = false;
    const [{ code }] = await waitFor(sim!, "disconnect");
    expect(code).toBe(4200);
    sim!.ackHeartbeats = true;
    await waitFor(client, "shardResume");
    expect(sim!.stats.identifies).toBe(1);
  });
});
