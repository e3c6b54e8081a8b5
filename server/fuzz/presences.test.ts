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
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ minLength: 200, maxLength: 600 }),
  fc.constantFrom("", " ", "\n", "<svg>", "&amp;", "\u202e", "🏳️‍🌈"),
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
      if (["online", "idle", "dnd"].includes(p.status)) {
        const lanyard = (await fuzz.send(`/v1/users/${kUser}`)).json.data;
        expect(lanyard.activities).toHaveLength((p.activities ?? []).length + 1);
      }
      for (const query of ["", "?card=spotify", "?card=profile&hide_spotify=1"]) {
        const res = await fuzz.send(`/cards/${kUser}.svg${query}`);
        expect(res.status).toBe(200);
        expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
        // An error card here would mean the presence broke the card (options and user are fine).
        expect(res.headers["cache-control"]).toBe("public, max-age=60, s-maxage=60, stale-while-revalidate=60");
      }
    });
  });
});
