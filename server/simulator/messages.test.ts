import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type SimMessage, type Simulator } from "./index.ts";

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim!.apiUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe("DM channels and messages", () => {
  it("opens one DM channel per user (type 1) and answers it by id", async () => {
    sim = await createSimulator();
    const opened = await call("POST", "/v10/users/@me/channels", { recipient_id: PERSONAS.moon.id });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ type: 1, recipients: [{ id: PERSONAS.moon.id }] });
    expect((await call("POST", "/v10/users/@me/channels", { recipient_id: PERSONAS.moon.id })).body.id).toBe(opened.body.id);
    expect(sim.dmChannel(PERSONAS.moon.id)).toBe(opened.body.id);
    expect((await call("GET", `/v10/channels/${opened.body.id}`)).body).toEqual(opened.body);
    expect((await call("GET", "/v10/channels/1")).body.code).toBe(10003);
    expect((await call("POST", "/v10/users/@me/channels", { recipient_id: "1" })).status).toBe(400);
    expect((await call("POST", "/v10/users/@me/channels", {})).body.code).toBe(50035);
  });

  it("records the bot's messages, emits them and answers Discord's message object", async () => {
    sim = await createSimulator();
    const channelId = sim.dmChannel(PERSONAS.moon.id);
    const seen: SimMessage[] = [];
    sim.on("message", (m) => seen.push(m));
    const user = sim.sendDirectMessage(PERSONAS.moon.id, "hi");
    expect(user).toMatchObject({ channel_id: channelId, author: { id: PERSONAS.moon.id }, content: "hi", type: 0 });
    const reply = await call("POST", `/v10/channels/${channelId}/messages`, {
      content: "hello",
      message_reference: { message_id: user.id },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ author: { id: sim.bot.id }, content: "hello", type: 19, message_reference: { message_id: user.id } });
    expect(sim.messages(channelId).map((m) => m.content)).toEqual(["hi", "hello"]);
    expect(seen.map((m) => m.content)).toEqual(["hi", "hello"]);
    expect((await call("POST", `/v10/channels/${channelId}/messages`, { content: "" })).body.code).toBe(50006);
  });

  it("POST /_sim/messages sends a DM as the user and refuses bad input", async () => {
    sim = await createSimulator();
    const post = (body: unknown) => fetch(`${sim!.url}/_sim/messages`, { method: "POST", body: JSON.stringify(body) });
    const ok = await post({ user_id: PERSONAS.moon.id, content: ".kv" });
    expect(ok.status).toBe(200);
    expect((await ok.json()).data).toMatchObject({ content: ".kv", author: { id: PERSONAS.moon.id } });
    expect((await post({ user_id: PERSONAS.moon.id })).status).toBe(400);
    expect((await post({ user_id: "nope", content: "x" })).status).toBe(400);
    expect((await post({ user_id: "1", content: "x" })).status).toBe(404);
  });
});
