import { describe, expect, it } from "vitest";
import { tetherSeedData } from "../openapi/_fixtures/seed-examples.ts";
import { tetherState } from "../presence/_fixtures/tether-example.ts";
import { buildPresence } from "../presence/build.ts";
import { USER_FLAGS } from "../presence/flags.ts";
import { tetherFlagNames, toTether } from "./tether.ts";

const presence = (state = tetherState()) => buildPresence("672569780716175370", state);

describe("toTether", () => {
  it("reproduces Tether's PresenceData example", () => {
    const data = toTether(presence());
    const seed = tetherSeedData();
    expect(data).toStrictEqual(seed);
    expect(Object.keys(data.discord_user)).toEqual(Object.keys(seed.discord_user));
  });

  it("omits spotify, the decoration and the guild when there are none", () => {
    const state = tetherState();
    state.user = { id: "672569780716175370", username: "plain", discriminator: "0", avatar: null };
    state.presence = null;
    const data = toTether(presence(state));
    expect(data).not.toHaveProperty("spotify");
    expect(data.discord_user).not.toHaveProperty("avatar_decoration_data");
    expect(data.discord_user).not.toHaveProperty("primary_guild");
    expect(data.discord_user).not.toHaveProperty("avatar");
    expect(data.clients).toEqual({ active: [], primary: "" });
    expect(data.status).toBe("offline");
  });
});

describe("tetherFlagNames", () => {
  it("orders flags like Tether, unknown-to-Tether ones last", () => {
    const all = Object.values(USER_FLAGS).map((f) => f.name);
    expect(tetherFlagNames(all)).toEqual([
      "Discord_Employee",
      "Discord_Certified_Moderator",
      "Partnered_Server_Owner",
      "HypeSquad_Events",
      "House_Bravery",
      "House_Brilliance",
      "House_Balance",
      "Bug_Hunter_Level_1",
      "Bug_Hunter_Level_2",
      "Active_Developer",
      "Early_Verified_Bot_Developer",
      "Early_Supporter",
      "Team_Pseudo_User",
      "Verified_Bot",
      "Bot_HTTP_Interactions",
    ]);
  });
});
