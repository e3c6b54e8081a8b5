import { describe, expect, it } from "vitest";
import { USER_FLAGS, badgeIconUrl, flagNames, userFlags } from "./flags.ts";

describe("USER_FLAGS", () => {
  it("covers the public flag bits, in bit order, each once", () => {
    const bits = Object.values(USER_FLAGS).map((flag) => flag.bit);
    expect(bits).toEqual([0, 1, 2, 3, 6, 7, 8, 9, 10, 14, 16, 17, 18, 19, 22]);
    const names = Object.values(USER_FLAGS).map((flag) => flag.name);
    const ids = Object.values(USER_FLAGS).map((flag) => flag.id);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names HypeSquad Bravery the way Tether and Grux do", () => {
    expect(USER_FLAGS.HypeSquadOnlineHouse1).toMatchObject({
      bit: 6,
      name: "House_Bravery",
      id: "hypesquad_house_1",
      description: "HypeSquad Bravery",
    });
  });

  it("has the icon Grux shows for Active Developer", () => {
    expect(badgeIconUrl(USER_FLAGS.ActiveDeveloper.icon)).toBe(
      "https://cdn.discordapp.com/badge-icons/6bdc42827a38498929a4920da12695d9.png",
    );
  });
});

describe("flagNames", () => {
  it("decodes the Lanyard README's 131584 (early supporter + verified bot developer)", () => {
    expect(flagNames(131584)).toEqual(["Early_Supporter", "Early_Verified_Bot_Developer"]);
  });

  it("decodes Tether's example (64)", () => {
    expect(flagNames(64)).toEqual(["House_Bravery"]);
  });

  it("returns names in bit order and ignores unknown bits", () => {
    const flags = (1 << 22) | (1 << 20) | (1 << 4) | 1;
    expect(flagNames(flags)).toEqual(["Discord_Employee", "Active_Developer"]);
  });

  it("returns [] for 0, null and undefined", () => {
    expect(flagNames(0)).toEqual([]);
    expect(flagNames(null)).toEqual([]);
    expect(flagNames(undefined)).toEqual([]);
  });

  it("decodes every known flag at once", () => {
    const all = Object.values(USER_FLAGS).reduce((sum, flag) => sum | (1 << flag.bit), 0);
    expect(flagNames(all)).toEqual(Object.values(USER_FLAGS).map((flag) => flag.name));
  });
});

describe("userFlags", () => {
  it("returns the table entries, badge ids included", () => {
    expect(userFlags((1 << 22) | (1 << 9)).map((flag) => flag.id)).toEqual([
      "early_supporter",
      "active_developer",
    ]);
  });
});

describe("badgeIconUrl", () => {
  it("uses the configured CDN", () => {
    expect(badgeIconUrl("abc", { cdnUrl: "http://127.0.0.1:9/cdn" })).toBe(
      "http://127.0.0.1:9/cdn/badge-icons/abc.png",
    );
  });
});
