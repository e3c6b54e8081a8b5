import { describe, expect, it } from "vitest";
import { sameState } from "./same-state.ts";
import type { UserState } from "./types.ts";

const user = { id: "94490510688792576", username: "phin", discriminator: "0", avatar: null };
const presence = {
  status: "online",
  activities: [{ type: 0, name: "Code", timestamps: { start: 1 }, buttons: ["a"] }],
  client_status: { desktop: "online" },
};
const state: UserState = { user, presence, kv: { a: "1" }, last_seen: null, updated_at: 0 };
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe("sameState", () => {
  it("holds for equal copies, a partial user and omitted fields", () => {
    expect(sameState(state, { user: copy(user), presence: copy(presence) })).toBe(true);
    expect(sameState(state, { user: { id: user.id }, presence: copy(presence) })).toBe(true);
    expect(sameState(state, {})).toBe(true);
    expect(sameState({ ...state, presence: null }, { presence: null })).toBe(true);
  });

  it.each([
    ["a status", { presence: { ...presence, status: "idle" } }],
    ["a nested activity field", { presence: { ...presence, activities: [{ ...presence.activities[0], timestamps: { start: 2 } }] } }],
    ["an extra activity", { presence: { ...presence, activities: [...presence.activities, { type: 4, name: "x" }] } }],
    ["offline", { presence: null }],
    ["a user field", { user: { ...user, avatar: "a".repeat(32) } }],
    ["an extra user key", { user: { ...user, global_name: null } }],
    ["the KV", { kv: { a: "2" } }],
  ])("differs on %s", (_name, diff) => {
    expect(sameState(state, diff as never)).toBe(false);
  });
});
