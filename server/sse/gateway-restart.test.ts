// A gateway re-identify lists every member again (GUILD_CREATE, then the member sync): a
// subscriber must not get those repeated presences as events.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";

const MIRA = "293673602384003625";
const KENJI = "463338282680454615";
const sse = sseClients();
afterEach(() => sse.closeAll());

describe("SSE across a gateway re-identify", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { members: 40 } });
  });
  afterAll(() => stack?.close());

  it.each([
    ["a multi-user stream", `/v1/events?ids=${MIRA},${KENJI}`, MIRA],
    ["a user stream", `/v1/users/${KENJI}/events`, KENJI],
  ])("%s gets no repeated presence, only the real change after", async (_name, path, id) => {
    const client = await sse.open(`${stack.server.url}${path}`);
    expect((await client.next()).event).toBe("init");
    const synced = new Promise((resolve) => stack.sim.once("request-members", resolve));
    stack.sim.drop({ mode: "close", code: 1000, resumable: false });
    await synced;
    await expect.poll(() => stack.server.source.status().state).toBe("ready");
    const changed = stack.nextChange((c) => c.userId === id && c.presence?.discord_status === "dnd");
    stack.sim.setPresence(id, { status: "dnd", client_status: { desktop: "dnd" } });
    await changed;
    const next = await client.next();
    expect(next.event).toBe("presence");
    expect(next.json()).toMatchObject({ user_id: id, discord_status: "dnd" });
  });
});
