import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawActivity, RawPresence } from "../presence/types.ts";
import { PERSONAS } from "../simulator/index.ts";
import { startFuzz, type Fuzz } from "./harness.ts";

// What arrives from Discord is input too: Rich Presence is set by any game or app over RPC, so
// names, timestamps, assets, parties and emoji can be anything of their type. Arbitrary presences
// go through the simulator and discord.js, then every dialect and both card designs must answer.

let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("presences");
});
afterAll(() => fuzz?.close());

const kUser = PERSONAS.moon.id;
/**
 * Byte-heavy Unicode: a letter under thousands of combining marks (one grapheme, kilobytes),
 * ZWJ sequences, lone and paired surrogates, and mixes of them with bidi controls.
 */
const heavy = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }).map((n) => `a${"\u0301\u0336".repeat(n)}`),
  fc.integer({ min: 1, max: 3_000 }).map((n) => "👨‍👩‍👧‍👦".repeat(n)),
  fc.integer({ min: 1, max: 3_000 }).map((n) => "🏳️‍🌈\u200d".repeat(n)),
  fc.string({ unit: fc.constantFrom("\ud800", "\udfff", "\ud83d", "😀", "\u200d", "\u0301", "\u202e", "x"), maxLength: 4000 }),
  fc.string({ unit: "binary", minLength: 100, maxLength: 2000 }),
);
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ minLength: 200, maxLength: 600 }),
  fc.constantFrom("", " ", "\n", "<svg>", "&amp;", "\u202e", "🏳️‍🌈"),
  heavy,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined));
const time = fc.oneof(
  fc.integer({ min: Date.now() - 10 ** 11, max: Date.now() + 10 ** 11 }),
  fc.constantFrom(0, -1, 8.64e15, 8.64e15 + 1, 1e17, Number.MAX_SAFE_INTEGER, 1.5),
);
const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n }).map(String);
const image = fc.oneof(
  text,
  snowflake,
  fc.string().map((s) => `mp:external/${s}`),
  fc.stringMatching(/^[0-9a-f]{0,40}$/).map((s) => `spotify:${s}`),
  fc.constantFrom("mp:", "spotify:", "twitch:", "youtube:x", "mp:attachments/1/2/a.png"),
);
const assets = fc.record(
  { large_image: maybe(image), large_text: maybe(text), small_image: maybe(image), small_text: maybe(text) },
  { requiredKeys: [] },
);
const activity: fc.Arbitrary<RawActivity> = fc.record(
  {
    id: fc.oneof(fc.constantFrom("spotify:1", "custom", "ec0b28a579ecb4bd"), text),
    name: text,
    type: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer()),
    url: maybe(text),
    created_at: time,
    timestamps: maybe(fc.record({ start: time, end: time }, { requiredKeys: [] })),
    application_id: snowflake,
    details: maybe(text),
    state: maybe(text),
    emoji: maybe(fc.record({ name: text, id: maybe(snowflake), animated: fc.boolean() }, { requiredKeys: ["name"] })),
    party: maybe(fc.record({ id: text, size: fc.tuple(fc.integer(), fc.integer()) }, { requiredKeys: [] })),
    assets: maybe(assets),
    sync_id: text,
    session_id: text,
    flags: fc.integer({ min: 0, max: 2 ** 16 }),
    platform: fc.oneof(text, fc.constantFrom("desktop", "xbox", "ps5")),
    buttons: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ["name", "type"] },
) as fc.Arbitrary<RawActivity>;
const status = fc.oneof(fc.constantFrom("online", "idle", "dnd", "offline", "invisible"), text);
const presence: fc.Arbitrary<RawPresence> = fc.record({
  status,
  activities: fc.array(activity, { maxLength: 4 }),
  client_status: fc.dictionary(fc.constantFrom("desktop", "mobile", "web", "embedded", "vr", "xbox"), status),
});

/** Names a member controls: any text, heavy Unicode included, in every name field. */
const names = fc.record(
  { username: text, global_name: maybe(text), primary_guild: maybe(fc.record({ tag: text }, { requiredKeys: [] })) },
  { requiredKeys: ["username"] },
);

/** Every string anywhere in a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The text fields Discord limits (clip.ts), at most their limit in code points, wherever served. */
function expectClipped(lanyard: any) {
  const within = (value: unknown, max: number) => {
    if (typeof value === "string") expect([...value].length).toBeLessThanOrEqual(max);
  };
  within(lanyard.discord_user.username, 32);
  within(lanyard.discord_user.global_name, 32);
  for (const a of lanyard.activities) {
    for (const key of ["name", "details", "state"]) within(a[key], 128);
    within(a.assets?.large_text, 128);
    within(a.assets?.small_text, 128);
    within(a.emoji?.name, 32);
  }
  if (lanyard.spotify) for (const key of ["song", "artist", "album"]) within(lanyard.spotify[key], 128);
}

describe("fuzz: presences from Discord", () => {
  it("every dialect and card answers any Rich Presence", async () => {
    let turn = 0;
    await fuzz.check(30, presence, async (p) => {
      // A marker activity makes every case a change (offline drops activities: still a sync).
      const marker = { name: `case ${++turn}`, type: 0 };
      const version = fuzz.stack.server.hub.get(kUser)!.version;
      const changed = fuzz.stack.nextChange((c) => c.userId === kUser && c.version > version);
      fuzz.stack.sim.setPresence(kUser, { ...p, activities: [...(p.activities ?? []), marker] });
      await changed;
      for (const path of [`/v1/users/${kUser}`, `/v1/presence/${kUser}`, `/user/${kUser}`, `/activity/${kUser}`]) {
        const res = await fuzz.send(path);
        expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
        expect(res.json.success).toBe(true);
      }
      expect((await fuzz.send(`/v1/${kUser}`)).json.user_id).toBe(kUser);
      // The generated activities did arrive (Discord sends none for offline users).
      const lanyard = (await fuzz.send(`/v1/users/${kUser}`)).json.data;
      if (["online", "idle", "dnd"].includes(p.status)) {
        expect(lanyard.activities).toHaveLength((p.activities ?? []).length + 1);
      }
      expectClipped(lanyard);
      for (const query of ["", "?card=spotify", "?card=profile&hide_spotify=1"]) {
        const res = await fuzz.send(`/cards/${kUser}.svg${query}`);
        expect(res.status).toBe(200);
        expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
        // An error card here would mean the presence broke the card (options and user are fine).
        expect(res.headers["cache-control"]).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=60");
      }
    });
  });

  it("every dialect and card answers any names, clipped to Discord's limits", async () => {
    await fuzz.check(20, names, async (user) => {
      const version = fuzz.stack.server.hub.get(kUser)!.version;
      const changed = fuzz.stack.nextChange((c) => c.userId === kUser && c.version > version);
      fuzz.stack.sim.updateUser({ id: kUser, ...user });
      await changed;
      const dialects = [`/v1/users/${kUser}`, `/v1/presence/${kUser}`, `/user/${kUser}`, `/v1/${kUser}`];
      for (const path of dialects) {
        const res = await fuzz.send(path);
        expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
        // Names are the only long input here: nothing served may be longer than Discord allows.
        const longest = Math.max(...strings(res.json).map((s) => [...s].length));
        expect(longest, path).toBeLessThanOrEqual(128);
      }
      expectClipped((await fuzz.send(`/v1/users/${kUser}`)).json.data);
      for (const ext of ["svg", "png"]) {
        const res = await fuzz.send(`/cards/${kUser}.${ext}`);
        expect(res.status).toBe(200);
        expect(res.headers["cache-control"]).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=60");
      }
    });
  });
});
