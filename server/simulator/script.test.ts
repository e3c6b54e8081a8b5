import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, PERSONAS, type Simulator } from "./index.ts";
import { advancePlayback, DESKTOP_PLAYLIST, type Playback } from "./playlists.ts";
import { createTestClient, loginReady, waitFor, closeAll } from "../_test/discord-client.ts";
import type { Client } from "discord.js";

let sim: Simulator | undefined;
let bot: Client | undefined;

afterEach(async () => ([sim, bot] = await closeAll(sim, bot)));

describe("advancePlayback", () => {
  it("moves to the next track gaplessly, wrapping around the playlist", () => {
    const playback: Playback = { index: 0, start: 0, createdAt: 0, sessionId: "s" };
    const first = DESKTOP_PLAYLIST[0].durationMs;
    expect(advancePlayback(DESKTOP_PLAYLIST, playback, first - 1)).toBe(false);
    expect(advancePlayback(DESKTOP_PLAYLIST, playback, first)).toBe(true);
    expect(playback).toMatchObject({ index: 1, start: first, createdAt: 0 });
    const total = DESKTOP_PLAYLIST.reduce((sum, t) => sum + t.durationMs, 0);
    advancePlayback(DESKTOP_PLAYLIST, playback, total + 1);
    expect(playback).toMatchObject({ index: 0, start: total });
  });

  it("restarts at now after a long pause instead of replaying hours of tracks", () => {
    const playback: Playback = { index: 0, start: 0, createdAt: 0, sessionId: "s" };
    advancePlayback(DESKTOP_PLAYLIST, playback, 10 * 3_600_000);
    expect(playback).toMatchObject({ index: 1, start: 10 * 3_600_000 });
  });
});

describe("script", () => {
  it("advances the Spotify track when its end passes and cycles the cycler", async () => {
    let clock = Date.now();
    sim = await createSimulator({ script: true, now: () => clock, scriptTickMs: 5 });
    bot = createTestClient(sim);
    await loginReady(bot);
    const before = sim.presence(PERSONAS.spotify.id)!.activities![0];
    expect(before.sync_id).toBe(DESKTOP_PLAYLIST[0].id);

    const update = (userId: string) => (p: any) =>
      p.t === "PRESENCE_UPDATE" && p.d.user.id === userId;
    const next = waitFor(bot, "raw", update(PERSONAS.spotify.id));
    const cycled = waitFor(bot, "raw", update(PERSONAS.cycler.id));
    const end = before.timestamps!.end!;
    clock = end + 1;
    const [packet] = await next;
    const spotify = packet.d.activities[0];
    expect(spotify).toMatchObject({
      sync_id: DESKTOP_PLAYLIST[1].id,
      details: DESKTOP_PLAYLIST[1].title,
      timestamps: { start: end, end: end + DESKTOP_PLAYLIST[1].durationMs },
      created_at: before.created_at,
      party: { id: `spotify:${PERSONAS.spotify.id}` },
    });
    const [cycle] = await cycled;
    expect(cycle.d).toMatchObject({ status: "idle", client_status: { mobile: "idle" } });
  });

  it("changes nothing by itself when the script is off", async () => {
    let clock = Date.now();
    sim = await createSimulator({ now: () => clock });
    const before = sim.presence(PERSONAS.spotify.id);
    clock += 3_600_000;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sim.presence(PERSONAS.spotify.id)).toEqual(before);
  });
});
