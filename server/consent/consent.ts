import type { Storage } from "unstorage";
import type { Config } from "../config.ts";
import type { ApiKeys } from "../kv/api-keys.ts";
import type { Hub } from "../presence/hub.ts";
import type { CommandSet } from "../source/commands.ts";
import { storageView } from "../storage/index.ts";
import { createConsentChoices, type ConsentChoices } from "./choices.ts";
import { consentCommands } from "./commands.ts";
import { createConsentGate, type ConsentGate } from "./gate.ts";

/** Consent on a process that writes the hub: the gate, the stored choices and the bot commands. */
export interface Consent {
  gate: ConsentGate;
  choices: ConsentChoices;
  commands: CommandSet;
  /** Loads the stored choices; before the source starts, so nobody is served by mistake. */
  load(): Promise<void>;
}

/**
 * Wires consent from the configuration (`GUILD_IDS`, `CONSENT`, `CONSENT_ROLE_ID`). Choices live
 * in storage under `consent:`; the card image cache (`images:`) is searched on `.forget`.
 * @example
 * const consent = createConsent({ config, hub, storage, keys });
 * await consent.load();
 * @see README.md#privacy-and-consent
 */
export function createConsent(deps: { config: Config; hub: Hub; storage: Storage; keys: ApiKeys }): Consent {
  const { config, hub, storage, keys } = deps;
  const choices = createConsentChoices(storageView(storage, "consent"));
  const gate = createConsentGate({
    hub,
    choices,
    mode: config.consent,
    guildIds: config.guildIds,
    roleIds: config.consentRoleIds,
  });
  const images = storageView(storage, "images");
  const commands = consentCommands({ hub, gate, choices, keys, images, mode: config.consent });
  return { gate, choices, commands, load: () => choices.load() };
}
