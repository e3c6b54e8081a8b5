import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimMessage } from "../simulator/index.ts";
import { kKnownId, startFuzz, type Fuzz } from "./harness.ts";

// The bot's DM commands, the one input surface that arrives through Discord: arbitrary messages
// sent as DMs through the simulator and discord.js. Every command gets exactly one reply that
// Discord would accept (2000 characters at most), anything else none, and `.set` is read back.

let fuzz: Fuzz;
let channel: string;
beforeAll(async () => {
  fuzz = await startFuzz("commands");
  channel = fuzz.stack.sim.dmChannel(kKnownId);
});
afterAll(() => fuzz?.close());

const kCommands = ["apikey", "set", "del", "get", "kv", "help"];
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(" ", "  ", "\n", "\t", "`", "``` ", "@everyone", "a b c"),
  fc.string({ minLength: 1990, maxLength: 2500, unit: fc.constantFrom("a", "é", "_", "😀") }),
);
const known = fc.constantFrom(...kCommands);
const name = fc.oneof(known, known.map((c) => c.toUpperCase()), fc.string({ maxLength: 8 }));
const separator = fc.constantFrom(" ", "", "\n");
const message = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(name, separator, text).map(([n, sep, args]) => `.${n}${sep}${args}`) },
  fc.tuple(fc.stringMatching(/^[a-zA-Z0-9_]{1,20}$/), text).map(([k, v]) => `.set ${k} ${v}`),
  text,
);

describe("fuzz: bot commands in DMs", () => {
  it("answer each command once, within Discord's 2000 characters", async () => {
    await fuzz.check(60, message, async (content) => {
      // README's grammar: the prefix, a command name, then a space and its arguments.
      const command = /^\.(\S+)(?: [\s\S]*)?$/.exec(content)?.[1]?.toLowerCase();
      const answered = command !== undefined && kCommands.includes(command);
      // A `.help` sent after it is answered too; without the message's own reply it comes alone.
      const replies = _replies(answered ? 2 : 1);
      fuzz.stack.sim.sendDirectMessage(kKnownId, content);
      fuzz.stack.sim.sendDirectMessage(kKnownId, ".help");
      const got = await replies;
      for (const r of got) expect(r.content.length, r.content.slice(0, 100)).toBeLessThanOrEqual(2000);
      for (const r of got) expect(r.content).not.toBe("");
      if (!answered) return void expect(got[0]!.content).toMatch(/^`\.apikey`/);
      const reply = got.find((r) => !r.content.startsWith("`.apikey`")) ?? got[0];
      const set = /^\.set (\S+) ([\s\S]*)$/.exec(content);
      const valid = set && /^[a-zA-Z0-9_]{1,255}$/.test(set[1]!) && [...set[2]!].length <= 30_000;
      if (set && valid && !reply!.content.startsWith(":x:")) {
        expect(fuzz.stack.server.hub.get(kKnownId)?.presence.kv[set[1]!]).toBe(set[2]);
      }
    });
  });
});

// --- internal ---

/** The bot's next `count` messages in the DM channel. */
function _replies(count: number): Promise<SimMessage[]> {
  const got: SimMessage[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`${got.length} of ${count} replies`))), 5000);
    const on = (m: SimMessage) => {
      if (m.channel_id !== channel || m.author.id !== fuzz.stack.sim.bot.id) return;
      got.push(m);
      if (got.length === count) (clearTimeout(timer), off(), resolve(got));
    };
    const off = () => fuzz.stack.sim.off("message", on);
    fuzz.stack.sim.on("message", on);
  });
}
