import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { describe, expect, it } from "vitest";
import { createApiKeys } from "../kv/api-keys.ts";
import { createKvStore } from "../kv/store.ts";
import { createHub } from "../presence/hub.ts";
import { createCommands, type CommandMessage } from "./commands.ts";

async function setup() {
  const hub = createHub({ storage: createStorage({ driver: memoryDriver() }) });
  hub.sync("1", { user: { id: "1", username: "one" }, presence: null });
  const keys = createApiKeys(createStorage({ driver: memoryDriver() }));
  const handle = createCommands({ keys, kv: createKvStore(hub) });
  const send = async (content: string, extra: Partial<CommandMessage> = {}) => {
    const replies: string[] = [];
    await handle({ authorId: "1", authorIsBot: false, inGuild: false, content, reply: async (t) => replies.push(t), ...extra });
    return replies;
  };
  return { hub, keys, send };
}

describe("bot commands", () => {
  it(".apikey works in DMs only", async () => {
    const { send } = await setup();
    expect(await send(".apikey", { inGuild: true })).toEqual([":x: You can only perform this command in DMs with me"]);
    expect((await send(".apikey"))[0]).toMatch(/`pk_[0-9a-f]{32}`/);
  });

  it("ignores bots, other prefixes and unknown commands", async () => {
    const { send } = await setup();
    expect(await send(".kv", { authorIsBot: true })).toEqual([]);
    expect(await send("kv")).toEqual([]);
    expect(await send(".nope")).toEqual([]);
  });

  it("answers an unmonitored user with the store's message", async () => {
    const { send } = await setup();
    expect(await send(".kv", { authorId: "2" })).toEqual([":x: User is not being monitored by presence-kit"]);
  });

  it("clips long values to Discord's 2000 characters", async () => {
    const { send, hub } = await setup();
    await send(`.set long ${"x".repeat(5000)}`);
    expect(hub.get("1")?.presence.kv.long).toHaveLength(5000);
    expect((await send(".get long"))[0].length).toBe(2000);
  });

  // Regression (fuzzing): these replies echoed a 2,500-character key whole, which Discord refuses,
  // so the user got no answer at all.
  it("clips every reply, also those that echo the key", async () => {
    const { send } = await setup();
    const key = "k".repeat(2500);
    for (const command of [`.del ${key}`, `.get ${key}`]) {
      const [reply] = await send(command);
      expect(reply).toHaveLength(2000);
      expect(reply.endsWith("...")).toBe(true);
    }
  });

  it("never cuts an emoji in half when clipping", async () => {
    const { send } = await setup();
    // "`ee`: " is 6 units, so the 1997th unit is the first half of an emoji.
    await send(`.set ee ${"😀".repeat(1500)}`);
    const [reply] = await send(".get ee");
    expect(reply.length).toBeLessThanOrEqual(2000);
    // A lone surrogate would not survive UTF-8.
    expect(Buffer.from(reply).toString()).toBe(reply);
  });
});
