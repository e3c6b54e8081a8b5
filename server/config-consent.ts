// Whose presence is public: the servers that count (GUILD_IDS) and the consent mode.
import type { Config } from "./config.ts";
import { ConfigError } from "./config-error.ts";
import { nonEmpty } from "./config-values.ts";

/**
 * Who is served: every member (`guild`, Lanyard's "joining is consent"), members holding a role
 * (`role`), or only users who asked for it by DM (`opt-in`). `.optout` works in every mode.
 * @see README.md#privacy-and-consent
 */
export const ConsentMode = { guild: "guild", role: "role", optIn: "opt-in" } as const;
export type ConsentMode = (typeof ConsentMode)[keyof typeof ConsentMode];

type ConsentConfig = Pick<Config, "guildIds" | "consent" | "consentRoleIds">;

/** Reads `GUILD_IDS`, `CONSENT` and `CONSENT_ROLE_ID`, validated together. */
export function consentConfig(e: Record<string, string | undefined>): ConsentConfig {
  const consent = _mode(e.CONSENT);
  const roles = _snowflakes("CONSENT_ROLE_ID", e.CONSENT_ROLE_ID);
  if (consent === ConsentMode.role && roles === undefined) {
    throw new ConfigError("CONSENT=role needs CONSENT_ROLE_ID (the id of the role that makes a member public)");
  }
  if (consent !== ConsentMode.role && roles !== undefined) {
    // A role that silently does nothing would publish people the operator meant to keep private.
    throw new ConfigError(`CONSENT_ROLE_ID only applies with CONSENT=role, but CONSENT is "${consent}"`);
  }
  return { guildIds: _snowflakes("GUILD_IDS", e.GUILD_IDS), consent, consentRoleIds: roles ?? [] };
}

// --- internal ---

function _mode(value: string | undefined): ConsentMode {
  const v = nonEmpty(value)?.toLowerCase() ?? ConsentMode.guild;
  const modes: string[] = Object.values(ConsentMode);
  if (!modes.includes(v)) throw new ConfigError(`CONSENT must be guild, role or opt-in, got "${value}"`);
  return v as ConsentMode;
}

/** A comma-separated list of Discord ids, or `undefined` when unset. */
function _snowflakes(name: string, value: string | undefined): string[] | undefined {
  const v = nonEmpty(value);
  if (v === undefined) return undefined;
  const ids = v.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !/^\d{17,20}$/.test(id));
  if (bad !== undefined || ids.length === 0) {
    throw new ConfigError(`${name} must be comma-separated Discord ids (17–20 digits), got "${(bad ?? v).slice(0, 40)}"`);
  }
  return [...new Set(ids)];
}
