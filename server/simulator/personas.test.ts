import { describe, expect, it } from "vitest";
import { snowflakeTime } from "./internal/snowflake.ts";
import { createPersonaState, CYCLE, personaPresence } from "./persona-presence.ts";
import { DEMO_GUILD_ID, PERSONA_LIST, PERSONAS, SIMULATOR_BOT } from "./personas.ts";
import { APPLE_MUSIC_PLAYLIST, DESKTOP_PLAYLIST, MOBILE_PLAYLIST } from "./playlists.ts";
import { demoGuildIds, fillerUser } from "./seed.ts";

const NOW = Date.UTC(2025, 5, 1, 12);

describe("personas", () => {
  it("have unique 18-digit snowflakes created between 2016 and 2024", () => {
    const ids = [...PERSONA_LIST.map((p) => p.id), SIMULATOR_BOT.id, DEMO_GUILD_ID];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^\d{18}$/);
      expect(snowflakeTime(id)).toBeGreaterThanOrEqual(Date.UTC(2016, 0, 1));
      expect(snowflakeTime(id)).toBeLessThan(Date.UTC(2025, 0, 1));
    }
    expect(PERSONA_LIST.length).toBeGreaterThanOrEqual(6);
  });

  it("cover the user object variants the builders must handle", () => {
    const users = PERSONA_LIST.map((p) => p.user);
    expect(users.some((u) => /^a_[0-9a-f]{32}$/.test(u.avatar ?? ""))).toBe(true);
    for (const user of users.filter((u) => u.avatar)) {
      expect(user.avatar).toMatch(/^(a_)?[0-9a-f]{32}$/);
    }
    expect(PERSONAS.spotify.user.avatar_decoration_data).toMatchObject({
      sku_id: expect.any(String),
      expires_at: null,
    });
    expect(PERSONAS.mobile.user.primary_guild).toEqual({
      identity_guild_id: DEMO_GUILD_ID,
      identity_enabled: true,
      tag: "PKIT",
      badge: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(PERSONAS.cycler.user).toMatchObject({ avatar: null, discriminator: "1234" });
    expect(PERSONAS.bot.user.bot).toBe(true);
    expect(PERSONAS.spotify.user.public_flags! & 64).toBe(64); // HypeSquad Bravery
  });
});

describe("persona presences", () => {
  const state = createPersonaState(NOW);

  it("Spotify looks exactly like Discord relays it, with wall-clock timestamps", () => {
    const [spotify] = personaPresence("spotify", state).activities!;
    const track = DESKTOP_PLAYLIST[0];
    expect(spotify).toMatchObject({
      id: "spotify:1",
      name: "Spotify",
      type: 2,
      flags: 48,
      details: track.title,
      state: track.artists.join("; "),
      assets: {
        large_image: expect.stringMatching(/^spotify:[0-9a-f]{40}$/),
        large_text: track.album,
      },
      party: { id: `spotify:${PERSONAS.spotify.id}` },
      sync_id: expect.stringMatching(/^[0-9A-Za-z]{22}$/),
      session_id: expect.any(String),
      timestamps: { start: NOW - 42_000, end: NOW - 42_000 + track.durationMs },
    });
    expect(spotify.timestamps!.end).toBeGreaterThan(NOW);
  });

  it("playlists hold ≥4 tracks with Japanese, emoji and multi-artist titles", () => {
    expect(DESKTOP_PLAYLIST.length).toBeGreaterThanOrEqual(4);
    expect(DESKTOP_PLAYLIST.some((t) => /[\u3040-\u30ff\u4e00-\u9faf]/.test(t.title))).toBe(true);
    expect(DESKTOP_PLAYLIST.some((t) => /\p{Extended_Pictographic}/u.test(t.title))).toBe(true);
    expect(DESKTOP_PLAYLIST.some((t) => t.artists.length > 1)).toBe(true);
    const ids = [...DESKTOP_PLAYLIST, ...MOBILE_PLAYLIST, ...APPLE_MUSIC_PLAYLIST].map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("cover mobile Spotify + custom status, a game, VS Code, custom-only, Apple Music", () => {
    const mobile = personaPresence("mobile", state);
    expect(mobile.client_status).toEqual({ mobile: "online" });
    expect(mobile.activities!.map((a) => a.type)).toEqual([4, 2]);

    const gamer = personaPresence("gamer", state);
    expect(gamer.client_status).toEqual({ desktop: "dnd", mobile: "dnd" });
    expect(gamer.activities![0]).toMatchObject({
      type: 0,
      party: { size: [3, 4] },
      application_id: expect.any(String),
    });

    expect(personaPresence("coder", state).activities![0]).toMatchObject({
      name: "Visual Studio Code",
      application_id: "383226320970055681",
      details: "Editing README.md",
      state: "Workspace: presence-kit",
      assets: { large_image: expect.any(String), small_image: expect.any(String) },
    });
    expect(personaPresence("moon", state)).toMatchObject({
      status: "idle",
      activities: [{ id: "custom", name: "Custom Status", type: 4, emoji: { name: "🌙" } }],
    });
    const apple = personaPresence("appleMusic", state).activities![0];
    expect(apple).toMatchObject({ type: 2, name: "Apple Music" });
    expect(apple.sync_id).toBeUndefined();
  });

  it("the cycler goes online → idle → dnd → offline, using embedded and VR", () => {
    const steps = CYCLE.map((_, cycleStep) => personaPresence("cycler", { ...state, cycleStep }));
    expect(steps.map((p) => p.status)).toEqual(["online", "idle", "dnd", "offline"]);
    expect(steps[0].client_status).toHaveProperty("embedded");
    expect(steps[2].client_status).toHaveProperty("vr");
    expect(steps[3]).toEqual({ status: "offline", client_status: {}, activities: [] });
  });
});

describe("generated ids", () => {
  it("filler members and guilds are deterministic snowflakes; guild i is on shard i", () => {
    expect(fillerUser(41)).toEqual(fillerUser(41));
    expect(fillerUser(0).id).not.toBe(fillerUser(1).id);
    expect(fillerUser(99_999).id).toMatch(/^\d{18}$/);
    const guilds = demoGuildIds(3);
    expect(guilds[0]).toBe(DEMO_GUILD_ID);
    const shards = guilds.map((id) => Number((BigInt(id) >> 22n) % 3n));
    expect(new Set(shards).size).toBe(3);
  });
});
