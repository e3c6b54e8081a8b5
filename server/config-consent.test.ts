import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });
const ROLE = "1234567890123456789";

describe("consent configuration (GUILD_IDS, CONSENT, CONSENT_ROLE_ID)", () => {
  it("defaults to every server and CONSENT=guild", () => {
    expect(load({})).toMatchObject({ guildIds: undefined, consent: "guild", consentRoleIds: [] });
  });

  it("reads id lists (trimmed, without duplicates) and the modes", () => {
    const c = load({ GUILD_IDS: " 300000000000000001, 300000000000000002,300000000000000001 ", CONSENT: "Role", CONSENT_ROLE_ID: ROLE });
    expect(c).toMatchObject({ guildIds: ["300000000000000001", "300000000000000002"], consent: "role", consentRoleIds: [ROLE] });
    expect(load({ CONSENT: "opt-in" }).consent).toBe("opt-in");
    expect(load({ GUILD_IDS: " " }).guildIds).toBeUndefined();
  });

  it.each([
    [{ CONSENT: "everyone" }, /CONSENT must be guild, role or opt-in, got "everyone"/],
    [{ CONSENT: "role" }, /CONSENT=role needs CONSENT_ROLE_ID/],
    [{ CONSENT_ROLE_ID: ROLE }, /CONSENT_ROLE_ID only applies with CONSENT=role/],
    [{ CONSENT: "opt-in", CONSENT_ROLE_ID: ROLE }, /only applies with CONSENT=role, but CONSENT is "opt-in"/],
    [{ CONSENT: "role", CONSENT_ROLE_ID: "admins" }, /CONSENT_ROLE_ID must be comma-separated Discord ids/],
    [{ GUILD_IDS: "300000000000000001,my-server" }, /GUILD_IDS must be comma-separated Discord ids .*"my-server"/],
    [{ GUILD_IDS: ",," }, /GUILD_IDS must be comma-separated Discord ids/],
  ])("refuses %o with one line naming the variable", (env, message) => {
    expect(() => load(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => load(env as Record<string, string>)).toThrow(message);
  });
});
