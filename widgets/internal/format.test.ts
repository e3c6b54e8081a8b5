import { describe, expect, it } from "vitest";
import {
  currentActivity,
  customStatus,
  displayName,
  formatDuration,
  handle,
  nowPlaying,
  progress,
  statusChange,
  statusOf,
} from "./format.ts";
import type { Presence } from "./types.ts";

const USER = { id: "293673602384003625", username: "mirakuru", global_name: "Mira ✦", discriminator: "0" };

function presence(patch: Partial<Presence>): Presence {
  return {
    user_id: USER.id,
    discord_user: USER,
    discord_status: "online",
    activities: [],
    listening_to_spotify: false,
    spotify: null,
    kv: {},
    last_seen: null,
    active_on_discord_desktop: true,
    active_on_discord_embedded: false,
    active_on_discord_mobile: false,
    active_on_discord_vr: false,
    active_on_discord_web: false,
    ...patch,
  };
}

describe("widget formatting", () => {
  it("names a user by display name, then username, and writes legacy tags", () => {
    expect(displayName(USER)).toBe("Mira ✦");
    expect(displayName({ id: "1", username: "PixelPusher", global_name: null })).toBe("PixelPusher");
    expect(handle(USER)).toBe("@mirakuru");
    expect(handle({ id: "1", username: "PixelPusher", discriminator: "1234" })).toBe("PixelPusher#1234");
  });

  it("treats an unknown status as offline, and says only real status changes", () => {
    expect(statusOf(presence({ discord_status: "dnd" }))).toBe("dnd");
    expect(statusOf(presence({ discord_status: "toString" as never }))).toBe("offline");
    const online = presence({});
    expect(statusChange(online, presence({ discord_status: "idle" }))).toBe("Mira ✦ is now Idle");
    expect(statusChange(online, presence({ kv: { a: "b" } }))).toBe("");
  });

  it("writes the custom status with its unicode emoji, not a custom emoji's name", () => {
    const custom = { id: "custom", name: "Custom Status", type: 4, state: "night owl hours" };
    expect(customStatus(presence({ activities: [{ ...custom, emoji: { name: "🌙" } }] }))).toBe("🌙 night owl hours");
    const guildEmoji = { name: "blob", id: "123" };
    expect(customStatus(presence({ activities: [{ ...custom, emoji: guildEmoji }] }))).toBe("night owl hours");
    expect(customStatus(presence({}))).toBe("");
  });

  it("reads Spotify from Lanyard's object, with artists comma-separated and a track link", () => {
    const spotify = {
      song: "Sunflower",
      artist: "Post Malone; Swae Lee",
      album: "Spider-Man",
      album_art_url: "https://i.scdn.co/image/x",
      track_id: "0RiRZpuVRbi7oqRdSMwhQY",
      timestamps: { start: 1000, end: 159_000 },
    };
    expect(nowPlaying(presence({ listening_to_spotify: true, spotify }))).toEqual({
      source: "Spotify",
      song: "Sunflower",
      artist: "Post Malone, Swae Lee",
      album: "Spider-Man",
      art: "https://i.scdn.co/image/x",
      url: "https://open.spotify.com/track/0RiRZpuVRbi7oqRdSMwhQY",
      start: 1000,
      end: 159_000,
    });
  });

  it("reads another player's Listening activity, and nothing from games", () => {
    const apple = {
      name: "Apple Music",
      type: 2,
      details: "Espresso",
      state: "by Sabrina Carpenter",
      assets: { large_text: "Espresso" },
      timestamps: { start: 5, end: 175_005 },
    };
    const game = { name: "Deep Rock Galactic", type: 0, details: "Hazard 5", timestamps: { start: 7 } };
    const both = presence({ activities: [game, apple] });
    expect(nowPlaying(both)).toMatchObject({ source: "Apple Music", song: "Espresso", artist: "Sabrina Carpenter", url: "" });
    expect(currentActivity(both)).toEqual({ heading: "Playing Deep Rock Galactic", details: "Hazard 5", state: "", start: 7 });
    expect(nowPlaying(presence({ activities: [game] }))).toBeNull();
  });

  it("formats durations and clamps progress", () => {
    expect([formatDuration(0), formatDuration(61_999), formatDuration(3_726_000), formatDuration(-5)]).toEqual([
      "0:00",
      "1:01",
      "1:02:06",
      "0:00",
    ]);
    expect(progress({ start: 1000, end: 11_000 }, 6000)).toEqual({ elapsed: 5000, total: 10_000, ratio: 0.5 });
    expect(progress({ start: 1000, end: 11_000 }, 99_000).ratio).toBe(1);
    expect(progress({ start: 1000, end: 0 }, 5000)).toEqual({ elapsed: 0, total: 0, ratio: 0 });
  });
});
