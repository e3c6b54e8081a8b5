import { describe, expect, it } from "vitest";
import { GRUX_ID, gruxReadmeData, gruxState } from "../presence/_fixtures/grux-example.ts";
import { buildPresence } from "../presence/build.ts";
import { toGruxActivity, toGruxProfile } from "./grux.ts";

const presence = (state = gruxState()) => buildPresence(GRUX_ID, state);

describe("toGruxProfile", () => {
  it("reproduces Grux's README profile, keys in Grux's order", () => {
    const profile = toGruxProfile(presence());
    expect(profile).toStrictEqual(gruxReadmeData().profile);
    expect(Object.keys(profile)).toEqual(Object.keys(gruxReadmeData().profile));
  });

  it("uses the configured CDN for badge icons and nameplates", () => {
    const profile = toGruxProfile(presence(), { cdnUrl: "http://127.0.0.1:1/cdn" });
    expect(profile.badges[0].badge_image).toBe("http://127.0.0.1:1/cdn/badge-icons/6bdc42827a38498929a4920da12695d9.png");
    expect(profile.nameplate_image).toMatch(/^http:\/\/127\.0\.0\.1:1\/cdn\/assets\/collectibles\//);
  });

  it("has the default avatar, no clan, no nameplate and no device for a plain offline user", () => {
    const state = gruxState();
    state.user = { id: GRUX_ID, username: "plain", discriminator: "0", avatar: null, public_flags: 1 << 10 };
    state.presence = null;
    const profile = toGruxProfile(presence(state));
    expect(profile).toMatchObject({ avatar: null, clan: null, nameplate_image: null, device: null, badges: [] });
    expect(profile.avatar_image).toMatch(/^https:\/\/cdn\.discordapp\.com\/embed\/avatars\/\d\.png$/);
  });

  it("leaves out a guild tag the user chose not to show", () => {
    const state = gruxState();
    state.user.primary_guild = { ...state.user.primary_guild!, identity_enabled: false };
    expect(toGruxProfile(presence(state)).clan).toBeNull();
  });
});

describe("toGruxActivity", () => {
  it("reproduces Grux's README status, spotify and activity", () => {
    const { status, spotify, activity } = gruxReadmeData();
    expect(toGruxActivity(presence())).toStrictEqual({ status, spotify, activity });
  });

  it("names every activity type but custom statuses, and keeps other players as Listening", () => {
    const state = gruxState();
    state.presence!.activities = [0, 1, 2, 3, 4, 5, 6].map((type) => ({ name: `t${type}`, type }));
    const { activity, spotify } = toGruxActivity(presence(state));
    expect(activity.map((a) => a.type)).toEqual(["Playing", "Streaming", "Listening", "Watching", "Competing"]);
    expect(activity[0]).toStrictEqual({
      type: "Playing", name: "t0", state: null, details: null, largeText: null, largeImage: null,
      smallText: null, smallImage: null, timestamps: null, created_at: null,
    });
    expect(spotify).toBeNull();
  });
});
