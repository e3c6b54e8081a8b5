import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type Simulator } from "./index.ts";

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function call(method: string, path: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${sim!.url}${path}`, init);
  expect(res.headers.get("content-type")).toBe("application/json");
  return { status: res.status, body: await res.json() };
}

describe("HTTP control surface", () => {
  it("changes presences, members and users like the in-process methods", async () => {
    sim = await createSimulator();
    const presence = await call("POST", "/_sim/presence", {
      user_id: PERSONAS.moon.id,
      status: "dnd",
      activities: [{ name: "Hades II", type: 0 }],
    });
    expect(presence).toEqual({
      status: 200,
      body: {
        success: true,
        data: {
          status: "dnd",
          activities: [{ name: "Hades II", type: 0 }],
          client_status: { desktop: "dnd" },
        },
      },
    });

    const user = { id: "612345678901234569", username: "via_http" };
    const added = await call("POST", "/_sim/members", { user, presence: { status: "idle" } });
    expect(added.body.data.presence.status).toBe("idle");
    await call("POST", "/_sim/users", { id: user.id, global_name: "Via HTTP" });
    expect(sim.member(user.id)?.global_name).toBe("Via HTTP");
    expect((await call("DELETE", `/_sim/members/${user.id}`)).status).toBe(200);
    expect(sim.member(user.id)).toBeUndefined();

    const flood = await call("POST", "/_sim/flood", { count: 10 });
    expect(flood.body.data).toEqual({ sent: 0, ms: expect.any(Number) }); // no session yet
    expect((await call("POST", "/_sim/drop", { mode: "terminate" })).status).toBe(200);
  });

  it("reports state with guilds, members, presences and stats", async () => {
    sim = await createSimulator({ members: 3 });
    const { body } = await call("GET", "/_sim/state");
    expect(body.data.guilds).toEqual([
      expect.objectContaining({ id: sim.guildIds[0], member_count: 12 }),
    ]);
    expect(body.data.members_total).toBe(12);
    const moon = body.data.members.find((m: any) => m.user.id === PERSONAS.moon.id);
    expect(moon.presence.status).toBe("idle");
    expect(body.data.personas).toHaveLength(8);
    expect(body.data.stats).toMatchObject({ connections: 0, identifies: 0 });
  });

  it.each([
    ["POST", "/_sim/presence", "{not json", 400, "invalid_json"],
    ["POST", "/_sim/presence", [1, 2], 400, "invalid_body"],
    ["POST", "/_sim/presence", { user_id: 5, status: "online" }, 400, "invalid_body"],
    ["POST", "/_sim/presence", { user_id: PERSONAS.moon.id, status: "away" }, 400, "invalid_body"],
    ["POST", "/_sim/presence", { user_id: PERSONAS.moon.id, activities: [1] }, 400, "invalid_body"],
    [
      "POST",
      "/_sim/presence",
      { user_id: PERSONAS.moon.id, client_status: { fridge: "online" } },
      400,
      "invalid_body",
    ],
    ["POST", "/_sim/presence", { user_id: "123", status: "online" }, 404, "unknown_user"],
    ["POST", "/_sim/members", { user: { id: "x" } }, 400, "invalid_body"],
    ["POST", "/_sim/members", { user: { id: "5" }, guild_id: "6" }, 404, "unknown_guild"],
    ["POST", "/_sim/users", { id: "5" }, 404, "unknown_user"],
    ["DELETE", "/_sim/members/5", undefined, 404, "unknown_user"],
    ["POST", "/_sim/drop", { mode: "explode" }, 400, "invalid_body"],
    ["POST", "/_sim/drop", { code: 1005 }, 400, "invalid_body"],
    ["POST", "/_sim/drop", { resumable: "yes" }, 400, "invalid_body"],
    ["POST", "/_sim/flood", { count: -1 }, 400, "invalid_body"],
    ["POST", "/_sim/flood", { count: 1, user_ids: ["5"] }, 404, "unknown_user"],
    ["GET", "/_sim/presence", undefined, 405, "method_not_allowed"],
    ["GET", "/_sim/nothing", undefined, 404, "not_found"],
  ])("%s %s %j → %i %s", async (method, path, body, status, code) => {
    sim = await createSimulator();
    const res = await call(method, path, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ success: false, error: { code, message: expect.any(String) } });
    expect((await call("GET", "/_sim/state")).status).toBe(200); // still alive
  });
});
