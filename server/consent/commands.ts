import type { Storage } from "unstorage";
import type { ConsentMode } from "../config-consent.ts";
import type { ApiKeys } from "../kv/api-keys.ts";
import type { Hub } from "../presence/hub.ts";
import type { Command, CommandMessage, CommandSet } from "../source/commands.ts";
import type { ConsentChoices } from "./choices.ts";
import type { ConsentGate } from "./gate.ts";
import { logger } from "../log/logger.ts";

/** Options of {@link consentCommands}. */
export interface ConsentCommandOptions {
  hub: Hub;
  gate: ConsentGate;
  choices: ConsentChoices;
  keys: ApiKeys;
  /** The card image cache (`images:` view), searched for the user's images on `.forget`. */
  images?: Storage;
  /** @default "guild" */
  mode?: ConsentMode;
  /** @default "." */
  prefix?: string;
}

/**
 * The bot's consent commands, DMs only: `.optout`, `.optin` and `.forget`. Each one is stored
 * and applied (the user removed from, or served again on, every route and transport) before the
 * bot confirms. Commands of one user run one after another.
 * @example
 * const handle = createCommands({ keys, kv, more: consentCommands({ hub, gate, choices, keys }) });
 * @see README.md#privacy-and-consent
 */
export function consentCommands(options: ConsentCommandOptions): CommandSet {
  const { hub, gate, choices, keys, images, mode = "guild", prefix = "." } = options;
  const chains = new Map<string, Promise<unknown>>();

  /** DMs only, no arguments, one at a time per user. */
  function _command(name: string, run: (userId: string) => Promise<string>): Command {
    return (m: CommandMessage, args: string) => {
      if (m.inGuild) return Promise.resolve(":x: You can only perform this command in DMs with me");
      // A destructive command takes no arguments, so `.forget me` is a typo, not a request.
      if (args.trim() !== "") return Promise.resolve(`:x: Usage: \`${prefix}${name}\` (no arguments)`);
      const next = (chains.get(m.authorId) ?? Promise.resolve()).then(() => run(m.authorId)).catch((error) => {
        // Storage away (a Redis outage): nothing is confirmed that is not stored.
        logger.error({ err: error }, `.${name} failed`);
        return `:x: \`${prefix}${name}\` could not be completed (storage unavailable): send it again`;
      });
      const settled = next.catch(() => {});
      chains.set(m.authorId, settled);
      void settled.then(() => chains.get(m.authorId) === settled && chains.delete(m.authorId));
      return next;
    };
  }

  async function _optout(userId: string): Promise<string> {
    await choices.set(userId, "out");
    await gate.reconsider(userId);
    return [
      ":white_check_mark: Opted out: your presence is no longer shown on any route, socket or card.",
      `\`${prefix}optin\` reverses it; \`${prefix}forget\` also deletes what is stored about you.`,
    ].join("\n");
  }

  async function _optin(userId: string): Promise<string> {
    await choices.set(userId, "in");
    await gate.reconsider(userId);
    if (gate.allows(userId) && hub.has(userId)) return ":white_check_mark: Opted in: your presence is public on this presence-kit.";
    if (gate.allows(userId)) return ":white_check_mark: Opted in: your presence shows once you are in a server this bot watches.";
    // Only `role` mode can still say no after an opt-in.
    return ":white_check_mark: No longer opted out, but this server only shows members who hold its consent role.";
  }

  async function _forget(userId: string): Promise<string> {
    // The opt-out is stored first: stopped half-way, the user is at least no longer served.
    await choices.set(userId, "out");
    // The gate keeps the user's latest Gateway state in memory (never stored) while they are a
    // member, so a later `.optin` serves them at once with their name and presence.
    await gate.reconsider(userId);
    const version = await hub.forget(userId);
    if (version !== undefined) await choices.set(userId, "out", version);
    await keys.revoke(userId);
    const removed = images ? await _forgetImages(images, userId) : 0;
    return [
      ":white_check_mark: Forgotten: your presence, last seen time, KV pairs and API key are deleted" +
        (removed > 0 ? `, with ${removed} cached image(s).` : "."),
      `You stay opted out; \`${prefix}optin\` makes you public again.`,
    ].join("\n");
  }

  const help = [
    `\`${prefix}optout\`: stop showing your presence here (\`${prefix}optin\` reverses it)`,
    `\`${prefix}forget\`: delete everything stored about you, and opt out`,
  ];
  if (mode === "opt-in") help.splice(0, 1, `\`${prefix}optin\`: show your presence here; \`${prefix}optout\`: stop`);
  return {
    commands: { optout: _command("optout", _optout), optin: _command("optin", _optin), forget: _command("forget", _forget) },
    help,
  };
}

// --- internal ---

/** Deletes cached images whose URL names the user (avatars, banners), in bounded batches. */
async function _forgetImages(images: Storage, userId: string): Promise<number> {
  const keys = await images.getKeys();
  let removed = 0;
  for (let i = 0; i < keys.length; i += 64) {
    const items = await images.getItems(keys.slice(i, i + 64));
    for (const { key, value } of items) {
      const url = (value as { url?: unknown } | null)?.url;
      if (typeof url === "string" && url.includes(userId)) await images.removeItem(key), removed++;
    }
  }
  return removed;
}
