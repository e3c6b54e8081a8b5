// A member of the bot's server controls their names and activity texts. Text longer than Discord
// allows (from a broken or hostile source, here the simulator) is clipped before any dialect or
// card reads it: every dialect serves the clipped name and the card stays small.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { PERSONAS } from "../simulator/personas.ts";

const USER = PERSONAS.coder.id;
const NAME = "W".repeat(10_000);
const CLIPPED = "W".repeat(32);
const STATUS = "\u{1F469}\u200D\u{1F4BB}".repeat(3000);
/** One letter under 100,000 combining marks: a single grapheme of 200 KB. */
const ZALGO = `a${"\u0301".repeat(100_000)}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** Every string anywhere in a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

async function setTexts(name: string, status: string, game: string) {
  const version = stack.server.hub.get(USER)!.version;
  stack.sim.updateUser({ id: USER, global_name: name });
  await stack.nextChange((c) => c.userId === USER && c.version > version);
  const next = stack.server.hub.get(USER)!.version;
  stack.sim.setPresence(USER, {
    status: "online",
    activities: [
      { name: "Custom Status", type: 4, state: status, emoji: { name: "🔥" } },
      { name: game, type: 0, details: game, state: game },
    ],
  });
  await stack.nextChange((c) => c.userId === USER && c.version > next);
}

async function cardBytes(ext: "svg" | "png") {
  const res = await fetch(`${stack.server.url}/cards/${USER}.${ext}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toMatch(/^public, max-age=60,/); // not an error card (max-age=10)
  return (await res.arrayBuffer()).byteLength;
}

describe("a 10,000-character global_name, a 9,000-code-point custom status, 100,000 combining marks", () => {
  let before: { svg: number; png: number };
  beforeAll(async () => {
    // The same texts at Discord's limits first: what the card of the longest real input costs.
    const clip = (text: string) => [...text].slice(0, 128).join("");
    await setTexts(CLIPPED, clip(STATUS), clip(ZALGO));
    before = { svg: await cardBytes("svg"), png: await cardBytes("png") };
    await setTexts(NAME, STATUS, ZALGO);
  });

  it.each([
    ["Lanyard", `/v1/users/${USER}`],
    ["Tether", `/v1/presence/${USER}`],
    ["Grux user", `/user/${USER}`],
    ["Grux activity", `/activity/${USER}`],
    ["originoid", `/v1/${USER}`],
  ])("%s serves the clipped name and no string over Discord's limits", async (_dialect, path) => {
    const res = await fetch(`${stack.server.url}${path}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const all = strings(JSON.parse(text));
    // originoid's and Grux's activity answers carry no name.
    if (!/^\/(activity|v1\/\d)/.test(path)) expect(all).toContain(CLIPPED);
    expect(all.some((s) => s.includes("W".repeat(33)))).toBe(false);
    expect(Math.max(...all.map((s) => [...s].length))).toBeLessThanOrEqual(512);
    expect(text.length).toBeLessThan(20_000);
  });

  it("the custom status is clipped to 128 code points without splitting a pair", async () => {
    const { data } = await (await fetch(`${stack.server.url}/v1/users/${USER}`)).json();
    const state: string = data.activities.find((a: { type: number }) => a.type === 4).state;
    expect([...state]).toHaveLength(128);
    expect(STATUS.startsWith(state)).toBe(true);
  });

  it("cards are no bigger than those of the same texts at Discord's limits", async () => {
    // A card's size and render time grow with the text its layout draws (unclipped, this
    // presence made a 20 MB SVG in seconds): that text is the hub's presence.
    const { presence } = stack.server.hub.get(USER)!;
    expect(presence.user.display_name).toBe(CLIPPED);
    expect(strings(presence).every((s) => [...s].length <= 512)).toBe(true);
    expect(await cardBytes("svg")).toBeLessThanOrEqual(before.svg);
    expect(await cardBytes("png")).toBeLessThanOrEqual(before.png);
  });
});
