import { describe, expect, it } from "vitest";
import { lanyardUser } from "./_fixtures/lanyard-readme.ts";
import { TETHER_EXPECTED, tetherUser } from "./_fixtures/tether-example.ts";
import type { RawUser } from "./types.ts";
import { buildUser, defaultAvatarIndex, isSnowflake, snowflakeTime } from "./user.ts";

const CDN = "http://127.0.0.1:8790/cdn";

describe("buildUser", () => {
  it("builds the Tether example's user", () => {
    const user = buildUser(tetherUser());
    expect(user.public_flag_names).toEqual(TETHER_EXPECTED.public_flags);
    expect(user.avatar_decoration_data?.avatar_decoration_url).toBe(
      TETHER_EXPECTED.avatar_decoration_url,
    );
    expect(user.primary_guild?.badge_url).toBe(TETHER_EXPECTED.badge_url);
    // Tether serves .webp; the canonical avatar is PNG so cards can always decode it.
    expect(user.avatar_url).toBe(
      "https://cdn.discordapp.com/avatars/672569780716175370/e4b9454871f5c161bcbdc9640ef8ce53.png?size=256",
    );
  });

  it("keeps the known decoration and guild fields beside the derived URLs", () => {
    const user = buildUser(tetherUser());
    expect(user.avatar_decoration_data).toEqual({
      asset: "a_c3cffc19e9784f7d0b005eecdf1b566e",
      expires_at: null,
      sku_id: "1212569433839636530",
      avatar_decoration_url: TETHER_EXPECTED.avatar_decoration_url,
    });
    expect(user.primary_guild).toEqual({
      badge: "1ed9dbd4ad1c8ba83484f6767f8c4afd",
      identity_enabled: true,
      identity_guild_id: "778820142138261505",
      tag: "˚+",
      badge_url: TETHER_EXPECTED.badge_url,
    });
  });

  it("fills absent decoration and guild fields with null", () => {
    const user = buildUser({
      id: "672569780716175370",
      avatar_decoration_data: { asset: "a_c3cffc19e9784f7d0b005eecdf1b566e" },
      primary_guild: { tag: "CODE" },
    });
    expect(user.avatar_decoration_data).toMatchObject({ sku_id: null, expires_at: null });
    expect(user.primary_guild).toEqual({
      identity_guild_id: null,
      identity_enabled: null,
      tag: "CODE",
      badge: null,
      badge_url: null,
    });
  });

  it("points every URL at a configured CDN", () => {
    const user = buildUser(tetherUser(), { cdnUrl: CDN });
    expect(user.avatar_url).toBe(
      `${CDN}/avatars/672569780716175370/e4b9454871f5c161bcbdc9640ef8ce53.png?size=256`,
    );
    expect(user.avatar_decoration_data?.avatar_decoration_url).toBe(
      `${CDN}/avatar-decoration-presets/a_c3cffc19e9784f7d0b005eecdf1b566e.png?size=240&passthrough=true`,
    );
    expect(user.primary_guild?.badge_url).toBe(
      `${CDN}/clan-badges/778820142138261505/1ed9dbd4ad1c8ba83484f6767f8c4afd.png?size=32`,
    );
  });

  it("uses a PNG even for an animated avatar hash", () => {
    expect(buildUser(lanyardUser()).avatar_url).toBe(
      "https://cdn.discordapp.com/avatars/94490510688792576/a_7484f82375f47a487f41650f36d30318.png?size=256",
    );
  });

  it("picks display_name from global_name, then display_name, then username", () => {
    const base: RawUser = { id: "94490510688792576", username: "phineas" };
    expect(buildUser({ ...base, global_name: "Phin", display_name: "P" }).display_name).toBe(
      "Phin",
    );
    expect(buildUser({ ...base, global_name: null, display_name: "P" }).display_name).toBe("P");
    expect(buildUser(base).display_name).toBe("phineas");
  });

  it("gives the default avatar for a migrated user without one: (id >> 22) % 6", () => {
    const user = buildUser({ ...lanyardUser(), avatar: null, discriminator: "0" }, { cdnUrl: CDN });
    expect(user.avatar_url).toBe(`${CDN}/embed/avatars/3.png`);
    const absent = buildUser({ id: "672569780716175370", username: "eggwite" });
    expect(absent.avatar_url).toBe("https://cdn.discordapp.com/embed/avatars/5.png");
  });

  it("gives the default avatar for a legacy user without one: discriminator % 5", () => {
    const user = buildUser({ ...lanyardUser(), avatar: null });
    expect(user.avatar_url).toBe("https://cdn.discordapp.com/embed/avatars/1.png");
    expect(buildUser({ ...lanyardUser(), avatar: null, discriminator: "5783" }).avatar_url).toBe(
      "https://cdn.discordapp.com/embed/avatars/3.png",
    );
  });

  it("falls back to clan when primary_guild is absent", () => {
    const { primary_guild: guild, ...raw } = tetherUser();
    expect(buildUser({ ...raw, clan: guild }).primary_guild?.badge_url).toBe(
      TETHER_EXPECTED.badge_url,
    );
    expect(buildUser({ ...raw, primary_guild: null, clan: guild }).primary_guild?.tag).toBe("˚+");
  });

  it("has no badge URL for a guild without a tag, and null for no guild or decoration", () => {
    const raw: RawUser = {
      id: "672569780716175370",
      primary_guild: { identity_guild_id: null, identity_enabled: null, tag: null, badge: null },
      avatar_decoration_data: null,
    };
    const user = buildUser(raw);
    expect(user.primary_guild?.badge_url).toBeNull();
    expect(user.avatar_decoration_data).toBeNull();
    expect(buildUser({ id: "672569780716175370" }).primary_guild).toBeNull();
  });

  it("fills defaults for a minimal user", () => {
    expect(buildUser({ id: "94490510688792576" })).toEqual({
      id: "94490510688792576",
      username: "",
      global_name: null,
      display_name: "",
      discriminator: "0",
      avatar: null,
      avatar_url: "https://cdn.discordapp.com/embed/avatars/3.png",
      bot: false,
      public_flags: 0,
      public_flag_names: [],
      avatar_decoration_data: null,
      primary_guild: null,
      created_at: 1442598693297,
      collectibles: null,
      display_name_styles: null,
    });
  });

  it("decodes public_flags and passes collectibles and styles through", () => {
    const nameplate = { nameplate: { asset: "nameplates/twilight/", palette: "violet" } };
    const user = buildUser({ ...lanyardUser(), collectibles: nameplate, bot: true });
    expect(user.public_flags).toBe(131584);
    expect(user.public_flag_names).toEqual(["Early_Supporter", "Early_Verified_Bot_Developer"]);
    expect(user.collectibles).toBe(nameplate);
    expect(user.bot).toBe(true);
  });

  it("does not modify the raw user", () => {
    const raw = tetherUser();
    buildUser(raw, { cdnUrl: CDN });
    expect(raw).toEqual(tetherUser());
  });
});

describe("defaultAvatarIndex", () => {
  it("uses the id for discriminator 0 or none, the discriminator otherwise", () => {
    expect(defaultAvatarIndex("94490510688792576", "0")).toBe(3);
    expect(defaultAvatarIndex("94490510688792576")).toBe(3);
    expect(defaultAvatarIndex("94490510688792576", "0001")).toBe(1);
    expect(defaultAvatarIndex("94490510688792576", "9999")).toBe(4);
  });

  it("returns 0 instead of throwing on junk", () => {
    expect(defaultAvatarIndex("abc")).toBe(0);
    expect(defaultAvatarIndex("94490510688792576", "x")).toBe(0);
  });
});

describe("snowflakeTime", () => {
  it("matches Grux's creation_date for its example user", () => {
    expect(new Date(snowflakeTime("1274150219482660897")).toISOString()).toBe(
      "2024-08-16T23:38:04.891Z",
    );
  });

  it("is exact beyond 2^53", () => {
    expect(snowflakeTime("94490510688792576")).toBe(1442598693297);
    expect(snowflakeTime("18446744073709551615")).toBe(4398046511103 + 1420070400000);
  });

  it("returns 0 for a non-numeric id", () => {
    expect(snowflakeTime("abc")).toBe(0);
  });
});

describe("isSnowflake", () => {
  it.each([
    ["94490510688792576", "17 digits"],
    ["672569780716175370", "18 digits"],
    ["1274150219482660897", "19 digits"],
    ["9999999999999999999", "the largest 19-digit id (every 19-digit id fits in 64 bits)"],
    ["18446744073709551615", "2^64 - 1"],
  ])("accepts %s (%s)", (id) => {
    expect(isSnowflake(id)).toBe(true);
  });

  it.each([
    ["0", "zero"],
    ["abc", "not digits"],
    ["1234567890123456", "16 digits"],
    ["123456789012345678901", "21 digits"],
    ["094490510688792576", "a leading zero"],
    ["18446744073709551616", "2^64 (overflows 64 bits)"],
    ["99999999999999999999", "20 digits above 2^64"],
    [" 94490510688792576", "whitespace"],
    ["9449051068879257e5", "an exponent"],
    ["", "empty"],
  ])("rejects %j (%s)", (id) => {
    expect(isSnowflake(id)).toBe(false);
  });

  it("rejects non-strings", () => {
    expect(isSnowflake(94490510688792576)).toBe(false);
    expect(isSnowflake(null)).toBe(false);
    expect(isSnowflake(undefined)).toBe(false);
  });
});
