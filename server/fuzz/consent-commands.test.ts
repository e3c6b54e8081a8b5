import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmBot } from "../_test/dm.ts";
import { kKnownId, startFuzz, type Fuzz } from "./harness.ts";

// The consent commands with arbitrary arguments, sent as DMs through the simulator and discord.js:
// one reply each, within Discord's 2000 characters; anything after the name is refused with a
// usage line and changes nothing; a bare command (or one followed by blanks only) does its job.

let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("consent-commands");
});
afterAll(() => fuzz?.close());

const name = fc.constantFrom("optout", "optin", "forget", "OptOut", "OPTIN", "Forget");
const args = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(" ", "\n", "\t", "me", "--all", "`", "@everyone", "<@100000000000000001>", "\u200b"),
  fc.string({ minLength: 1990, maxLength: 2500, unit: fc.constantFrom("a", "é", "😀") }),
);
const separator = fc.constantFrom(" ", "\n", "");

describe("fuzz: consent commands in DMs", () => {
  it("refuse every argument with a usage line and keep the user as they were", async () => {
    await fuzz.check(50, fc.tuple(name, separator, args), async ([command, sep, rest]) => {
      const content = `.${command}${sep}${rest}`;
      // The dispatcher's grammar: a name, then (after one space) the arguments.
      const parsed = /^\.(\S+)(?: ([\s\S]*))?$/.exec(content);
      const known = parsed && ["optout", "optin", "forget"].includes(parsed[1]!.toLowerCase());
      const reply = known ? (await dmBot(fuzz.stack.sim, kKnownId, content)).content : undefined;
      if (reply !== undefined) expect(reply.length).toBeLessThanOrEqual(2000);
      if (known && parsed[2] !== undefined && parsed[2].trim() !== "") {
        expect(reply).toBe(`:x: Usage: \`.${parsed[1]!.toLowerCase()}\` (no arguments)`);
      } else if (known) expect(reply).toMatch(/^:white_check_mark: /);
      // Whatever happened, `.optin` serves the user again (a `.forget` included).
      await dmBot(fuzz.stack.sim, kKnownId, ".optin");
      expect(fuzz.stack.server.hub.has(kKnownId)).toBe(true);
    });
  });
});
