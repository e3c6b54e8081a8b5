import { describe, expect, it } from "vitest";
import {
  lanyardActivities,
  lanyardReadmeData,
  lanyardState,
  lanyardUser,
} from "./_fixtures/lanyard-readme.ts";
import { TETHER_EXPECTED, tetherState } from "./_fixtures/tether-example.ts";
import { buildPresence } from "./build.ts";
import type { RawActivity, UserState } from "./types.ts";

const ID = "94490510688792576";

function withPresence(patch: Partial<NonNullable<UserState["presence"]>>): UserState {
  const state = lanyardState();
  return { ...state, presence: { ...state.presence!, ...patch } };
}

describe("buildPresence: the Lanyard README example", () => {
  const presence = buildPresence(ID, lanyardState());
  const readme = lanyardReadmeData();

  it("derives the README's spotify object and listening_to_spotify", () => {
    expect(presence.listening_to_spotify).toBe(true);
    const { party_id, ...spotify } = presence.spotify!;
    expect(spotify).toEqual(readme.spotify);
    expect(party_id).toBe("spotify:94490510688792576");
  });

  it("derives the README's active_on_* flags", () => {
    expect(presence.active_on_discord_desktop).toBe(readme.active_on_discord_desktop);
    expect(presence.active_on_discord_mobile).toBe(readme.active_on_discord_mobile);
    expect(presence.active_on_discord_web).toBe(false);
    expect(presence.active_on_discord_embedded).toBe(false);
    expect(presence.active_on_discord_vr).toBe(false);
  });

  it("passes status, kv, discord_user and activities through", () => {
    expect(presence.discord_status).toBe(readme.discord_status);
    expect(presence.kv).toEqual(readme.kv);
    expect(presence.discord_user).toEqual(readme.discord_user);
    expect(presence.activities).toEqual(readme.activities);
  });

  it("decodes the README user's public_flags 131584", () => {
    expect(presence.user.public_flag_names).toEqual([
      "Early_Supporter",
      "Early_Verified_Bot_Developer",
    ]);
  });

  it("copies user_id, last_seen and updated_at from its inputs", () => {
    expect(presence.user_id).toBe(ID);
    expect(presence.last_seen).toBe(1615529838051);
    expect(presence.updated_at).toBe(1615529838051);
  });
});

describe("buildPresence: the Tether example", () => {
  const presence = buildPresence("672569780716175370", tetherState(), {
    cdnUrl: "http://127.0.0.1:8790/cdn",
  });

  it("derives clients active [desktop, vr] with primary desktop", () => {
    expect(presence.clients).toEqual(TETHER_EXPECTED.clients);
    expect(presence.active_on_discord_vr).toBe(true);
    expect(presence.active_on_discord_desktop).toBe(true);
  });

  it("derives the spotify object (party_id included)", () => {
    expect(presence.spotify).toEqual(TETHER_EXPECTED.spotify);
  });

  it("builds the user with the configured CDN", () => {
    expect(presence.user.public_flag_names).toEqual(TETHER_EXPECTED.public_flags);
    expect(presence.user.avatar_url).toBe(
      "http://127.0.0.1:8790/cdn/avatars/672569780716175370/e4b9454871f5c161bcbdc9640ef8ce53.png?size=256",
    );
  });
});

describe("buildPresence: edge cases", () => {
  it("serves invisible as offline", () => {
    expect(buildPresence(ID, withPresence({ status: "invisible" })).discord_status).toBe(
      "offline",
    );
  });

  it("serves an unknown status as offline", () => {
    expect(buildPresence(ID, withPresence({ status: "away" })).discord_status).toBe("offline");
  });

  it("gives the defaults when no presence is on record", () => {
    const state: UserState = {
      user: lanyardUser(),
      presence: null,
      kv: {},
      last_seen: null,
      updated_at: 5,
    };
    const presence = buildPresence(ID, state);
    expect(presence).toMatchObject({
      discord_status: "offline",
      activities: [],
      client_status: {},
      clients: { active: [], primary: null },
      active_on_discord_desktop: false,
      active_on_discord_mobile: false,
      active_on_discord_web: false,
      active_on_discord_embedded: false,
      active_on_discord_vr: false,
      listening_to_spotify: false,
      spotify: null,
      kv: {},
      last_seen: null,
      updated_at: 5,
    });
    expect(presence.discord_user).toBe(state.user);
  });

  it("treats missing activities and client_status as empty", () => {
    const presence = buildPresence(ID, { ...lanyardState(), presence: { status: "idle" } });
    expect(presence.activities).toEqual([]);
    expect(presence.client_status).toEqual({});
    expect(presence.discord_status).toBe("idle");
  });

  it("counts a client_status key as active whatever its value", () => {
    const presence = buildPresence(ID, withPresence({ client_status: { mobile: "offline" } }));
    expect(presence.active_on_discord_mobile).toBe(true);
    expect(presence.clients).toEqual({ active: ["mobile"], primary: "mobile" });
  });

  it("builds spotify from the first of two Spotify activities", () => {
    const [first] = lanyardActivities();
    const second: RawActivity = {
      ...first,
      details: "Second song",
      sync_id: "2222222222222222222222",
    };
    const presence = buildPresence(ID, withPresence({ activities: [second, first] }));
    expect(presence.spotify?.song).toBe("Second song");
    expect(presence.spotify?.track_id).toBe("2222222222222222222222");
  });

  it("does not count Apple Music (type 2) as Spotify", () => {
    const apple: RawActivity = {
      name: "Apple Music",
      type: 2,
      id: "b3c7b8e0a1d2f4c5",
      details: "Espresso",
      state: "Sabrina Carpenter",
    };
    const presence = buildPresence(ID, withPresence({ activities: [apple] }));
    expect(presence.listening_to_spotify).toBe(false);
    expect(presence.spotify).toBeNull();
    expect(presence.activities).toEqual([apple]);
  });

  it("builds spotify without album art from a null large_image", () => {
    const [spotify] = lanyardActivities();
    const activity = { ...spotify, assets: { large_image: null, large_text: "Let Go" } };
    const presence = buildPresence(ID, withPresence({ activities: [activity] }));
    expect(presence.spotify).toMatchObject({ album: "Let Go", album_art_url: null });
  });
});

describe("buildPresence: raw activities", () => {
  it("passes activities through untouched: same array, same objects, same fields", () => {
    const state = lanyardState();
    const presence = buildPresence(ID, state);
    expect(presence.activities).toBe(state.presence!.activities);
    expect(presence.activities).toStrictEqual(lanyardActivities());
    expect(presence.activities.map((a) => Object.keys(a))).toEqual(
      lanyardActivities().map((a) => Object.keys(a)),
    );
  });

  it("keeps fields Discord adds that the types do not know", () => {
    const activity = { ...lanyardActivities()[1], buttons: ["Open"], future_field: { a: 1 } };
    const presence = buildPresence(ID, withPresence({ activities: [activity] }));
    expect(presence.activities[0]).toBe(activity);
  });

  it("stringifies a numeric application_id and emoji.id, copying only that activity", () => {
    const [spotify, code] = lanyardActivities();
    const numeric = {
      ...code,
      application_id: 383226320970055681,
      emoji: { name: "x", id: 1234 },
    } as unknown as RawActivity;
    const activities = [spotify, numeric];
    const presence = buildPresence(ID, withPresence({ activities }));
    expect(presence.activities[0]).toBe(spotify);
    expect(presence.activities[1].application_id).toBe(String(383226320970055681));
    expect(presence.activities[1].emoji).toEqual({ name: "x", id: "1234" });
    // The input is left as it was.
    expect(typeof activities[1].application_id).toBe("number");
    expect(activities[1].emoji?.id).toBe(1234);
  });

  it("leaves string ids and a null emoji id alone", () => {
    const custom: RawActivity = {
      id: "custom",
      name: "Custom Status",
      type: 4,
      emoji: { name: "🐰", id: null },
    };
    const state = withPresence({ activities: [custom] });
    expect(buildPresence(ID, state).activities).toBe(state.presence!.activities);
  });
});

describe("buildPresence: cost", () => {
  it("builds a two-activity presence in a few microseconds", () => {
    const state = lanyardState();
    let sink = 0;
    for (let i = 0; i < 20_000; i++) sink += buildPresence(ID, state).activities.length;
    const rounds = 5;
    const perRound = 20_000;
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) sink += buildPresence(ID, state).activities.length;
      times.push(Number(process.hrtime.bigint() - start) / perRound / 1000);
    }
    const best = Math.min(...times);
    expect(sink).toBeGreaterThan(0);
    // Target ≤ ~5 µs; the bound is loose so a busy CI machine does not flake.
    expect(best).toBeLessThan(25);
  });
});
