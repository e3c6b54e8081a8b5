// Roles in the simulator: created roles reach discord.js (GUILD_ROLE_CREATE, GUILD_CREATE), and a
// member's roles arrive as GUILD_MEMBER_UPDATE, in member chunks and over REST, as Discord sends them.
import type { Client } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type Simulator } from "./index.ts";
import { collectRaw, createTestClient, destroyClient, loginReady, waitFor } from "../_test/discord-client.ts";

let sim: Simulator | undefined;
let bot: Client | undefined;

afterEach(async () => {
  await destroyClient(bot);
  await sim?.close();
  sim = bot = undefined;
});

describe("simulator roles", () => {
  it("createRole and setMemberRoles reach discord.js; a fresh login and member fetch see the roles", async () => {
    sim = await createSimulator();
    bot = createTestClient(sim);
    await loginReady(bot);
    const guild = bot.guilds.cache.get(sim.guildIds[0])!;

    const created = waitFor(bot, "roleCreate");
    const role = sim.createRole("Public presence");
    expect((await created)[0]).toMatchObject({ id: role.id, name: "Public presence" });

    const updates = collectRaw(bot, "GUILD_MEMBER_UPDATE");
    const updated = waitFor(bot, "guildMemberUpdate", (_old, m) => m.id === PERSONAS.moon.id);
    sim.setMemberRoles(PERSONAS.moon.id, [role.id]);
    expect([...(await updated)[1].roles.cache.keys()]).toContain(role.id);
    expect(updates[0].d).toMatchObject({ guild_id: guild.id, user: { id: PERSONAS.moon.id }, roles: [role.id] });

    const lost = waitFor(bot, "guildMemberUpdate", (_old, m) => m.id === PERSONAS.moon.id);
    sim.setMemberRoles(PERSONAS.moon.id, []);
    expect((await lost)[1].roles.cache.has(role.id)).toBe(false);

    sim.setMemberRoles(PERSONAS.coder.id, [role.id]);
    await destroyClient(bot);
    bot = createTestClient(sim);
    await loginReady(bot);
    const fresh = bot.guilds.cache.get(sim.guildIds[0])!;
    expect(fresh.roles.cache.get(role.id)?.name).toBe("Public presence");
    const members = await fresh.members.fetch();
    expect(members.get(PERSONAS.coder.id)!.roles.cache.has(role.id)).toBe(true);
    expect(members.get(PERSONAS.moon.id)!.roles.cache.has(role.id)).toBe(false);
  });

  it("refuses unknown roles, guilds and members, in process and over the control API", async () => {
    sim = await createSimulator();
    expect(() => sim!.setMemberRoles(PERSONAS.moon.id, ["123456789012345678"])).toThrow(/Unknown role/);
    expect(() => sim!.setMemberRoles("612345678901234560", [])).toThrow(/not a member/);
    expect(() => sim!.createRole("x", { guildId: "999999999999999999" })).toThrow(/Unknown guild/);
    expect(() => sim!.createRole("")).toThrow(/1 to 100/);

    const post = (path: string, method: string, body: unknown) =>
      fetch(`${sim!.url}${path}`, { method, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const role = await post("/_sim/roles", "POST", { name: "Opted in" });
    expect(role.status).toBe(200);
    const ok = await post(`/_sim/members/${PERSONAS.moon.id}/roles`, "PUT", { role_ids: [role.body.data.id] });
    expect(ok).toMatchObject({ status: 200, body: { data: { role_ids: [role.body.data.id] } } });
    const rest = await fetch(`${sim.apiUrl}/v10/guilds/${sim.guildIds[0]}/members/${PERSONAS.moon.id}`, {
      headers: { authorization: "Bot x" },
    }).then((r) => r.json());
    expect(rest.roles).toEqual([role.body.data.id]);
    expect((await post(`/_sim/members/${PERSONAS.moon.id}/roles`, "PUT", { role_ids: ["1"] })).status).toBe(404);
    expect((await post(`/_sim/members/${PERSONAS.moon.id}/roles`, "PUT", { role_ids: "x" })).status).toBe(400);
    expect((await post("/_sim/roles", "POST", { name: 5 })).status).toBe(400);
  });
});
