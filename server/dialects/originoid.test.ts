import { describe, expect, it } from "vitest";
import { buildPresence } from "../presence/build.ts";
import type { UserState } from "../presence/types.ts";
import { originoidSeedData } from "../openapi/_fixtures/seed-examples.ts";
import { toOriginoid, toOriginoidEmpty } from "./originoid.ts";

const ID = "492731761680187403";

/** The user of originoid's README example, listening to "Hanging Around". */
function state(): UserState {
  return {
    user: { id: ID, username: "dromzeh", discriminator: "0", avatar: null },
    presence: {
      status: "online",
      client_status: { desktop: "online" },
      activities: [
        {
          id: "spotify:1",
          name: "Spotify",
          type: 2,
          sync_id: "4GtTBd5Rn0g9tb6yzPrVbE",
          details: "Hanging Around",
          state: "Basement",
          assets: { large_image: "spotify:ab67616d0000b273042a795b1fb9bf6efc9d5b21", large_text: "Promise Everything (Deluxe)" },
          timestamps: { start: 1758879636097, end: 1758879815070 },
        },
      ],
    },
    kv: {},
    last_seen: null,
    updated_at: 1758879633871,
  };
}

describe("toOriginoid", () => {
  it("reproduces originoid's README response, field names and order included", () => {
    const data = toOriginoid(buildPresence(ID, state()));
    expect(JSON.stringify(data)).toBe(JSON.stringify(originoidSeedData()));
  });

  it("has spotify null without a Spotify activity (other players do not count)", () => {
    const s = state();
    s.presence!.activities = [{ id: "x", name: "Apple Music", type: 2, details: "Song", state: "Artist" }];
    expect(toOriginoid(buildPresence(ID, s)).spotify).toBeNull();
    s.presence = null;
    expect(toOriginoid(buildPresence(ID, s))).toEqual({ user_id: ID, spotify: null, timestamp_ms: 1758879633871 });
  });

  it("gives null times and fields Spotify left out, as the Option<…> struct allows", () => {
    const s = state();
    s.presence!.activities = [{ id: "spotify:1", name: "Spotify", type: 2 }];
    expect(toOriginoid(buildPresence(ID, s)).spotify).toEqual({
      track: null, artist: null, album: null, album_art_url: null, started_at_ms: null, ends_at_ms: null,
    });
  });
});

describe("toOriginoidEmpty", () => {
  it("is nothing playing as of the given time", () => {
    expect(toOriginoidEmpty(ID, 5)).toEqual({ user_id: ID, spotify: null, timestamp_ms: 5 });
  });
});
