import { describe, expect, it } from "vitest";
import { createRecordingSink, testPresenceSource } from "../_test/presence-source.ts";
import { createSimulator } from "../simulator/index.ts";
import { createDiscordSource } from "./discord.ts";

testPresenceSource("discord.js", (sim) => createDiscordSource({ token: "t", apiUrl: sim.apiUrl, fastIdentify: true, log: () => {} }));

describe("discord source failures", () => {
  it.each([
    ["a wrong token (REST 401)", { token: "right" }, /rejected DISCORD_TOKEN/],
    ["disallowed privileged intents (4014)", { privilegedIntents: { presences: false } }, /PRESENCE INTENT and SERVER MEMBERS INTENT/],
  ])("fails with one actionable line on %s", async (_name, simOptions, message) => {
    const sim = await createSimulator({ script: false, ...simOptions });
    const logs: string[] = [];
    const source = createDiscordSource({ token: "wrong", apiUrl: sim.apiUrl, fastIdentify: true, log: (m) => logs.push(m) });
    try {
      await source.start(createRecordingSink().sink);
      await expect(source.ready()).rejects.toThrow(message);
      expect(source.status().state).toBe("failed");
      expect(source.status().error).toMatch(message);
      expect(logs.join("\n")).toMatch(message);
    } finally {
      await source.stop();
      await sim.close();
    }
  });
});

describe("discord source: unrecoverable close while running", () => {
  it("turns a 4004 close into failed with the token message, and stays failed", async () => {
    const sim = await createSimulator({ script: false });
    const logs: string[] = [];
    const source = createDiscordSource({ token: "t", apiUrl: sim.apiUrl, fastIdentify: true, log: (m) => logs.push(m) });
    try {
      await source.start(createRecordingSink().sink);
      await source.ready();
      const closed = new Promise((r) => sim.once("disconnect", r));
      sim.drop({ mode: "close", code: 4004 });
      await closed;
      await expect.poll(() => source.status().state).toBe("failed");
      expect(source.status().error).toMatch(/rejected DISCORD_TOKEN/);
      expect(logs.filter((l) => /rejected DISCORD_TOKEN/.test(l))).toHaveLength(1);
    } finally {
      await source.stop();
      await sim.close();
    }
  });
});
