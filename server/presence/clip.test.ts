import { describe, expect, it } from "vitest";
import { buildPresence } from "./build.ts";
import { DISCORD_TEXT_LIMITS, clipActivity, clipText, clipUser } from "./clip.ts";
import type { RawActivity, UserState } from "./types.ts";

const ID = "94490510688792576";
const codePoints = (s: string) => [...s].length;

describe("clipText", () => {
  it("keeps short text as the same string and clips long text to code points", () => {
    const short = "phineas";
    expect(clipText(short, 32)).toBe(short);
    expect(clipText("x".repeat(10_000), 32)).toBe("x".repeat(32));
  });

  it("never splits a surrogate pair, and counts a lone surrogate as one", () => {
    expect(clipText("😀".repeat(40), 32)).toBe("😀".repeat(32));
    expect(clipText("a😀b", 2)).toBe("a😀");
    expect(clipText("\ud800".repeat(40), 32)).toBe("\ud800".repeat(32));
    expect(clipText(`${"a".repeat(31)}😀😀`, 32)).toBe(`${"a".repeat(31)}😀`);
  });

  it("bounds byte-heavy graphemes: one base letter with 520,000 combining marks", () => {
    const zalgo = `a${"\u0301".repeat(520_000)}`;
    const clipped = clipText(zalgo, 128);
    expect(codePoints(clipped)).toBe(128);
    expect(Buffer.byteLength(clipped)).toBeLessThan(300);
  });
});

describe("clipUser", () => {
  it("clips names and guild tags to Discord's limits, and returns the same copy per raw object", () => {
    const raw = {
      id: ID,
      username: "u".repeat(100),
      global_name: "g".repeat(10_000),
      primary_guild: { tag: "TAGTAG", identity_guild_id: "1" },
    };
    const clipped = clipUser(raw);
    expect(clipped).toMatchObject({
      username: "u".repeat(32),
      global_name: "g".repeat(32),
      primary_guild: { tag: "TAGT", identity_guild_id: "1" },
    });
    expect(clipUser(raw)).toBe(clipped);
    expect(raw.global_name).toHaveLength(10_000);
    expect("display_name" in clipped).toBe(false);
  });

  it("returns the raw object itself when nothing is over, whatever the field types", () => {
    const raw = { id: ID, username: "phineas", global_name: null, clan: null, display_name: 5 as never };
    expect(clipUser(raw)).toBe(raw);
  });
});

describe("clipActivity", () => {
  it("clips every text field Discord limits and keeps the rest", () => {
    const long = "x".repeat(1000);
    const activity: RawActivity = {
      name: long,
      type: 0,
      details: long,
      state: long,
      url: long,
      assets: { large_text: long, small_text: long, large_image: "mp:external/abc" },
      emoji: { name: long, id: null },
      party: { id: long, size: [1, 2] },
      buttons: [long, "b", "c"],
      sync_id: "kept",
    };
    const { activityText, emojiName, buttonLabel, url } = DISCORD_TEXT_LIMITS;
    expect(clipActivity(activity)).toEqual({
      name: "x".repeat(activityText),
      type: 0,
      details: "x".repeat(activityText),
      state: "x".repeat(activityText),
      url: "x".repeat(url),
      assets: { large_text: "x".repeat(128), small_text: "x".repeat(128), large_image: "mp:external/abc" },
      emoji: { name: "x".repeat(emojiName), id: null },
      party: { id: "x".repeat(128), size: [1, 2] },
      buttons: ["x".repeat(buttonLabel), "b"],
      sync_id: "kept",
    });
    expect(activity.name).toHaveLength(1000);
  });

  it("returns the same object when nothing is over, and adds no keys", () => {
    const activity = { name: "Code", type: 0, state: null, buttons: ["a", "b"] } as RawActivity;
    expect(clipActivity(activity)).toBe(activity);
    expect(Object.keys(clipActivity({ name: "y".repeat(200), type: 4 }))).toEqual(["name", "type"]);
  });
});

describe("buildPresence clips before anything reads the presence", () => {
  it("in discord_user, user, activities and spotify", () => {
    const long = "ǅ".repeat(5000);
    const state: UserState = {
      user: { id: ID, username: long, global_name: long },
      presence: {
        status: "online",
        activities: [
          { id: "spotify:1", name: "Spotify", type: 2, details: long, state: long, assets: { large_text: long } },
          { name: "Custom Status", type: 4, state: long, emoji: { name: long } },
        ],
      },
      kv: {},
      last_seen: null,
      updated_at: 0,
    };
    const p = buildPresence(ID, state);
    expect(p.discord_user.global_name).toBe("ǅ".repeat(32));
    expect(p.user.display_name).toBe("ǅ".repeat(32));
    expect(p.user.username).toBe("ǅ".repeat(32));
    expect(p.activities[1]!.state).toBe("ǅ".repeat(128));
    expect(p.spotify).toMatchObject({ song: "ǅ".repeat(128), artist: "ǅ".repeat(128), album: "ǅ".repeat(128) });
    expect(JSON.stringify(p).length).toBeLessThan(5000);
    // The next event with the same raw user reuses the built user, as before clipping.
    expect(buildPresence(ID, state, {}, p).user).toBe(p.user);
  });
});
