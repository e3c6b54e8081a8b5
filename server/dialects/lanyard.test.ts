import { describe, expect, it } from "vitest";
import {
  lanyardReadmeData,
  lanyardState,
  lanyardUser,
} from "../presence/_fixtures/lanyard-readme.ts";
import { tetherState } from "../presence/_fixtures/tether-example.ts";
import { buildPresence } from "../presence/build.ts";
import type { UserState } from "../presence/types.ts";
import { toLanyard } from "./lanyard.ts";

const ID = "94490510688792576";

describe("toLanyard", () => {
  it("reproduces the Lanyard README's data object", () => {
    const data = toLanyard(buildPresence(ID, lanyardState()));
    expect(data).toMatchObject(lanyardReadmeData());
    expect(data.spotify).toStrictEqual(lanyardReadmeData().spotify);
  });

  it("emits the reference's alphabetical key order, last_seen included", () => {
    const json = JSON.stringify(toLanyard(buildPresence(ID, lanyardState())));
    expect(Object.keys(JSON.parse(json))).toEqual([
      "active_on_discord_desktop",
      "active_on_discord_embedded",
      "active_on_discord_mobile",
      "active_on_discord_vr",
      "active_on_discord_web",
      "activities",
      "discord_status",
      "discord_user",
      "kv",
      "last_seen",
      "listening_to_spotify",
      "spotify",
    ]);
    expect(Object.keys(JSON.parse(json).spotify)).toEqual([
      "album",
      "album_art_url",
      "artist",
      "song",
      "timestamps",
      "track_id",
    ]);
  });

  it("leaves Tether's party_id out of spotify", () => {
    const data = toLanyard(buildPresence("672569780716175370", tetherState()));
    expect(data.spotify).not.toHaveProperty("party_id");
    expect(data.active_on_discord_vr).toBe(true);
  });

  it("passes discord_user and activities through as the same objects", () => {
    const state = lanyardState();
    const data = toLanyard(buildPresence(ID, state));
    expect(data.discord_user).toBe(state.user);
    expect(data.activities).toBe(state.presence!.activities);
  });

  it("serves the offline defaults without a presence", () => {
    const state: UserState = {
      user: lanyardUser(),
      presence: null,
      kv: {},
      last_seen: null,
      updated_at: 1,
    };
    expect(toLanyard(buildPresence(ID, state))).toStrictEqual({
      active_on_discord_desktop: false,
      active_on_discord_embedded: false,
      active_on_discord_mobile: false,
      active_on_discord_vr: false,
      active_on_discord_web: false,
      activities: [],
      discord_status: "offline",
      discord_user: lanyardUser(),
      kv: {},
      last_seen: null,
      listening_to_spotify: false,
      spotify: null,
    });
  });

  it("serves last_seen from the state", () => {
    const state = { ...lanyardState(), last_seen: 1700000000000 };
    expect(toLanyard(buildPresence(ID, state)).last_seen).toBe(1700000000000);
  });
});
