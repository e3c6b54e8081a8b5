import { HTTPError } from "h3";
import type { ApiKeys } from "../kv/api-keys.ts";
import type { KvStore } from "../kv/store.ts";

/** A chat message as the commands see it (discord.js's `Message` adapted, or a test double). */
export interface CommandMessage {
  authorId: string;
  authorIsBot: boolean;
  /** Sent in a guild channel rather than in a DM. */
  inGuild: boolean;
  content: string;
  reply(text: string): Promise<unknown>;
}

/** One command: resolves with the reply text (`args` is what follows the name and a space). */
export type Command = (m: CommandMessage, args: string) => Promise<string>;

/** Commands defined elsewhere (consent), with their `.help` lines. */
export interface CommandSet {
  commands: Record<string, Command>;
  help: string[];
}

/** Options of {@link createCommands}. */
export interface CommandOptions {
  keys: ApiKeys;
  kv: KvStore;
  /** @default "." */
  prefix?: string;
  /** More commands, listed by `.help` after the KV ones. @default none */
  more?: CommandSet;
}

/** Handles one message; resolves once the reply is sent (or at once when it is not a command). */
export type CommandHandler = (message: CommandMessage) => Promise<void>;

/**
 * Lanyard's bot commands: `.apikey` (DMs only), `.set <key> <value…>`, `.del <key>`,
 * `.get <key>`, `.kv` and `.help`. Messages from bots are ignored. Writes go through the KV
 * store, so they obey the REST limits and reach subscribers the same way.
 * @example
 * const handle = createCommands({ keys, kv });
 * await handle({ authorId, authorIsBot: false, inGuild: false, content: ".kv", reply });
 * @see README.md#kv-and-api-keys
 */
export function createCommands(options: CommandOptions): CommandHandler {
  const { keys, kv, prefix = "." } = options;

  const commands: Record<string, Command> = {
    async apikey(m) {
      if (m.inGuild) return ":x: You can only perform this command in DMs with me";
      const key = await keys.issue(m.authorId);
      return [
        `Your API key: \`${key}\``,
        "Send it as the `Authorization` header to `/v1/users/@me/kv`.",
        `Running \`${prefix}apikey\` again replaces it.`,
      ].join("\n");
    },
    async set(m, args) {
      const match = /^(\S+) ([\s\S]*)$/.exec(args);
      if (!match) return `:x: Usage: \`${prefix}set <key> <value>\``;
      await kv.put(m.authorId, match[1], match[2]);
      return `:white_check_mark: \`${match[1]}\` set`;
    },
    async del(m, args) {
      const key = args.trim();
      if (!key) return `:x: Usage: \`${prefix}del <key>\``;
      await kv.delete(m.authorId, key);
      return `:white_check_mark: \`${key}\` deleted`;
    },
    async get(m, args) {
      const key = args.trim();
      if (!key) return commands.kv(m, "");
      const pairs = kv.get(m.authorId);
      if (!Object.hasOwn(pairs, key)) return `:x: \`${key}\` is not set`;
      return `\`${key}\`: ${pairs[key]}`;
    },
    async kv(m) {
      const names = Object.keys(kv.get(m.authorId));
      if (names.length === 0) return "Your KV is empty";
      return `${names.length} key(s): ${names.map((n) => `\`${n}\``).join(", ")}`;
    },
    async help() {
      return [
        `\`${prefix}apikey\`: get (or replace) your API key, in DMs only`,
        `\`${prefix}set <key> <value>\`: set a KV pair`,
        `\`${prefix}del <key>\`: delete a KV pair`,
        `\`${prefix}get <key>\`: show a value; \`${prefix}kv\`: list your keys`,
        ...(options.more?.help ?? []),
      ].join("\n");
    },
  };
  for (const [name, command] of Object.entries(options.more?.commands ?? {})) commands[name] ??= command;

  return async function _handle(m) {
    if (m.authorIsBot || !m.content.startsWith(prefix)) return;
    const match = /^(\S+)(?: ([\s\S]*))?$/.exec(m.content.slice(prefix.length));
    const name = match?.[1].toLowerCase() ?? "";
    if (!Object.hasOwn(commands, name)) return;
    let text: string;
    try {
      text = await commands[name](m, match?.[2] ?? "");
    } catch (error) {
      // The store's refusals (limits, not monitored) are answers; anything else is a bug.
      if (!(error instanceof HTTPError) || error.unhandled) throw error;
      text = `:x: ${error.message}`;
    }
    // Replies can echo what the user typed (`.del <key>`): every one is clipped, or Discord
    // would refuse it and the user would get no answer at all.
    await m.reply(_clip(text));
  };
}

// --- internal ---

/** Discord rejects messages over 2000 characters; a surrogate pair is never cut in two. */
function _clip(text: string): string {
  if (text.length <= 2000) return text;
  const end = /[\ud800-\udbff]/.test(text[1996]!) ? 1996 : 1997;
  return `${text.slice(0, end)}...`;
}
