// Choices survive a restart of the server (fs storage): an opted-out or forgotten user is not
// served again by the member sync that follows, and `.optin` still works afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmBot } from "../_test/dm.ts";
import { filesNaming } from "../_test/files.ts";
import { startStack, tempDir, type Stack } from "../_test/harness.ts";
import { createSimulator, PERSONAS, type Simulator } from "../simulator/index.ts";

const { cycler: { id: CYCLER }, moon: { id: MOON }, coder: { id: CODER } } = PERSONAS;

describe("consent across a restart (STORAGE=fs)", () => {
  let sim: Simulator;
  const dir = tempDir();
  let stack: Stack | undefined;
  beforeAll(async () => {
    sim = await createSimulator({ personas: true, script: false });
  });
  afterAll(async () => {
    await stack?.close();
    await sim?.close();
    dir.remove();
  });
  const start = () => startStack({ sim, storageDir: dir.path });

  it("an .optout and a .forget hold after a restart; .optin then serves the user again", async () => {
    stack = await start();
    expect(await dmBot(sim, CYCLER, ".optout").then((m) => m.content)).toMatch(/Opted out/);
    expect(await dmBot(sim, MOON, ".forget").then((m) => m.content)).toMatch(/Forgotten/);
    await stack.close();
    sim.setPresence(CYCLER, { status: "online", activities: [{ name: "While restarting", type: 0 }] });

    stack = await start();
    expect((await stack.get(`/v1/users/${CODER}`)).status).toBe(200);
    expect((await stack.get(`/v1/users/${CYCLER}`)).status).toBe(404);
    expect((await stack.get(`/v1/users/${MOON}`)).status).toBe(404);
    await stack.server.hub.flush();
    expect(filesNaming(dir.path, MOON)).toEqual([]);
    // The opted-out user's record holds no presence (it was scrubbed, not kept for later).
    expect(stack.server.hub.record(CYCLER)?.state.presence).toBeNull();

    expect(await dmBot(sim, CYCLER, ".optin").then((m) => m.content)).toMatch(/Opted in/);
    expect((await stack.get(`/v1/users/${CYCLER}`)).body.data.activities[0].name).toBe("While restarting");
  });
});
