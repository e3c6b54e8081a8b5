// The bot's DM commands end to end: a user DMs the simulator's bot, real discord.js receives
// MESSAGE_CREATE, the command runs and the reply is read back from the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { PERSONAS, type SimMessage } from "../simulator/index.ts";
import { dmBot } from "../_test/dm.ts";

const alice = PERSONAS.moon.id;

describe("KV bot commands over DMs", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  /** `userId` DMs `content`; resolves with the bot's reply to that message. */
  const dm = (userId: string, content: string) => dmBot(stack.sim, userId, content);


  async function put(key: string, value: string, auth: string) {
    const res = await fetch(`${stack.server.url}/v1/users/@me/kv/${key}`, { method: "PUT", body: value, headers: { authorization: auth } });
    return res.status;
  }

  const keyIn = (m: SimMessage) => /`(pk_[0-9a-f]{32})`/.exec(m.content)?.[1] ?? "";

  it(".apikey → the key arrives in the reply and works; running it again rotates it", async () => {
    const first = keyIn(await dm(alice, ".apikey"));
    expect(first).toMatch(/^pk_[0-9a-f]{32}$/);
    expect(await put("from_dm", "1", first)).toBe(204);
    const second = keyIn(await dm(alice, ".apikey"));
    expect(second).not.toBe(first);
    expect(await put("from_dm", "2", first)).toBe(401);
    expect(await put("from_dm", "3", second)).toBe(204);
    expect(stack.server.hub.get(alice)?.presence.kv.from_dm).toBe("3");
    // The whole conversation is on record, the user's messages and the bot's replies.
    const log = stack.sim.messages(stack.sim.dmChannel(alice));
    expect(log.map((m) => m.author.id === stack.sim.bot.id)).toEqual([false, true, false, true]);
  });

  it(".set keeps the rest of the message as typed, .get/.kv read it, .del removes it", async () => {
    const set = await dm(alice, ".set note  two spaces\nand a line");
    expect(set.content).toContain("`note` set");
    expect(stack.server.hub.get(alice)?.presence.kv.note).toBe(" two spaces\nand a line");
    expect((await dm(alice, ".get note")).content).toContain(" two spaces\nand a line");
    expect((await dm(alice, ".kv")).content).toContain("`note`");
    const change = stack.nextChange((c) => c.userId === alice && c.presence?.kv.note === undefined);
    expect((await dm(alice, ".del note")).content).toContain("`note` deleted");
    await change;
    expect((await dm(alice, ".get note")).content).toContain("is not set");
  });

  it("commands obey the REST limits and answer with their message", async () => {
    expect((await dm(alice, ".set bad-key v")).content).toBe(":x: key must be alphanumeric (a-zA-Z0-9_)");
    expect((await dm(alice, ".set")).content).toContain("Usage");
    expect((await dm(alice, ".help")).content).toContain(".apikey");
  });

  it("ignores other text and messages over HTTP control reach the bot too", async () => {
    const before = stack.sim.messages(stack.sim.dmChannel(alice)).length;
    stack.sim.sendDirectMessage(alice, "hello, not a command");
    const res = await fetch(`${stack.sim.url}/_sim/messages`, {
      method: "POST",
      body: JSON.stringify({ user_id: alice, content: ".kv" }),
    });
    expect(res.status).toBe(200);
    const sent = (await res.json()).data as SimMessage;
    await new Promise<void>((resolve) => {
      const on = (m: SimMessage) => m.message_reference?.message_id === sent.id && (stack.sim.off("message", on), resolve());
      stack.sim.on("message", on);
    });
    // Two user messages and one reply: the plain text got none.
    expect(stack.sim.messages(stack.sim.dmChannel(alice)).length - before).toBe(3);
  });
});
