// The per-user sockets of the other dialects: originoid Presence (/ws/v1/:id) and Grux (/?user_id=).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { wsClients } from "../_test/ws-client.ts";
import type { RawActivity } from "../presence/types.ts";

const SPOTIFY = "293673602384003625";
const CODER = "545507915071620158";
const UNKNOWN = "1234567890123456789";

let stack: Stack;
let base: string;
const clients = wsClients();

beforeAll(async () => {
  stack = await startStack();
  base = stack.server.url.replace("http", "ws");
});
afterEach(() => clients.closeAll());
afterAll(() => stack?.close());

const track = (song: string, start: number): RawActivity => ({
  id: "spotify:1",
  name: "Spotify",
  type: 2,
  sync_id: "6uT2TsDrCrXue7ROEfNeGN",
  details: song,
  state: "JBEE; Sillage",
  assets: { large_image: "spotify:ab67616d0000b2737aee7c56bd63016a79ddc9d1", large_text: song },
  timestamps: { start, end: start + 147_000 },
  party: { id: "spotify:1" },
  created_at: start,
});

async function play(id: string, song: string, start = Date.now()) {
  const changed = stack.nextChange((c) => c.userId === id && c.presence?.spotify?.song === song);
  stack.sim.setPresence(id, { status: "online", activities: [track(song, start)], client_status: { desktop: "online" } });
  return changed;
}

describe("originoid socket /ws/v1/:id", () => {
  it("sends PresenceData on connect and after every change", async () => {
    const c = await clients.open(`${base}/ws/v1/${SPOTIFY}`);
    const first = await c.next();
    expect(Object.keys(first)).toEqual(["user_id", "spotify", "timestamp_ms"]);
    expect(Object.keys(first.spotify)).toEqual(["track", "artist", "album", "album_art_url", "started_at_ms", "ends_at_ms"]);
    expect(first.timestamp_ms).toBe(stack.server.hub.get(SPOTIFY)!.presence.updated_at);
    const change = await play(SPOTIFY, "90mph", 1750873861045);
    expect(await c.next()).toEqual({
      user_id: SPOTIFY,
      spotify: {
        track: "90mph",
        artist: "JBEE; Sillage",
        album: "90mph",
        album_art_url: `${stack.sim.spotifyImageUrl}/ab67616d0000b2737aee7c56bd63016a79ddc9d1`,
        started_at_ms: 1750873861045,
        ends_at_ms: 1750873861045 + 147_000,
      },
      timestamp_ms: change.presence!.updated_at,
    });
    const stopped = stack.nextChange((ch) => ch.userId === SPOTIFY && ch.presence?.spotify === null);
    stack.sim.setPresence(SPOTIFY, { status: "online", activities: [] });
    await stopped;
    expect((await c.next()).spotify).toBeNull();
  });

  it("closes a malformed id with 4010 invalid_user_id", async () => {
    const c = await clients.open(`${base}/ws/v1/not-an-id`);
    expect(await c.closed).toEqual({ code: 4010, reason: "invalid_user_id" });
  });

  it("answers an unmonitored id with spotify null, then follows the user once they join and leave", async () => {
    const c = await clients.open(`${base}/ws/v1/${UNKNOWN}`);
    const first = await c.next();
    expect(first).toMatchObject({ user_id: UNKNOWN, spotify: null });
    expect(typeof first.timestamp_ms).toBe("number");
    const joined = stack.nextChange((ch) => ch.userId === UNKNOWN && ch.presence?.spotify?.song === "Joined");
    stack.sim.addMember(
      { id: UNKNOWN, username: "late", discriminator: "0", global_name: null },
      { presence: { status: "online", activities: [track("Joined", Date.now())], client_status: { mobile: "online" } } },
    );
    await joined;
    expect((await c.until((m) => m.spotify !== null)).spotify.track).toBe("Joined");
    stack.sim.removeMember(UNKNOWN);
    expect(await c.until((m) => m.spotify === null)).toMatchObject({ user_id: UNKNOWN });
  });
});

describe("Grux socket /?user_id=", () => {
  it("sends initial_data with the profile, then presence_update on a change", async () => {
    const c = await clients.open(`${base}/?user_id=${CODER}`);
    const initial = await c.next();
    expect(initial.op).toBe("initial_data");
    expect(Object.keys(initial.d)).toEqual(["profile", "status", "spotify", "activity"]);
    expect(initial.d.profile).toMatchObject({
      id: CODER,
      username: "lin_codes",
      display_name: "Lin",
      link: `https://discord.com/users/${CODER}`,
      bot: false,
      connected_accounts: [],
    });
    expect(initial.d.activity[0]).toMatchObject({ type: "Playing", name: "Visual Studio Code" });
    await play(CODER, "90mph");
    const update = await c.next();
    expect(update.op).toBe("presence_update");
    expect(Object.keys(update.d)).toEqual(["status", "spotify", "activity"]);
    expect(update.d.spotify).toMatchObject({ type: "Listening to Spotify", song: "90mph", artist: "JBEE, Sillage" });
    expect(update.d.spotify.link).toBe("https://open.spotify.com/track/6uT2TsDrCrXue7ROEfNeGN");
    expect(update.d.activity).toEqual([]);
  });

  it("sends nothing for a change that leaves status and activities as they were", async () => {
    const c = await clients.open(`${base}/?user_id=${CODER}`);
    await c.next();
    const renamed = stack.nextChange((ch) => ch.userId === CODER && ch.presence?.user.global_name === "Lin 2");
    const p = stack.server.hub.get(CODER)!.presence;
    stack.server.hub.sync(CODER, { user: { ...p.discord_user, global_name: "Lin 2" } });
    await renamed;
    stack.sim.setPresence(CODER, { status: "idle" });
    expect((await c.next()).d.status).toBe("idle");
  });

  it("closes a missing or malformed user_id with 4010, an unmonitored user with 4011", async () => {
    for (const query of ["", "?user_id=", "?user_id=abc", "?id=545507915071620158"]) {
      const c = await clients.open(`${base}/${query}`);
      expect(await c.closed, query).toEqual({ code: 4010, reason: "invalid_user_id" });
    }
    const c = await clients.open(`${base}/?user_id=${UNKNOWN}`);
    expect(await c.closed).toEqual({ code: 4011, reason: "user_not_monitored" });
  });

  it("closes with 4011 when the user stops being monitored", async () => {
    const id = "1180000000000000002";
    const joined = stack.nextChange((ch) => ch.userId === id && ch.presence !== null);
    stack.sim.addMember({ id, username: "brief", discriminator: "0", global_name: null });
    await joined;
    const c = await clients.open(`${base}/?user_id=${id}`);
    expect((await c.next()).d.profile.username).toBe("brief");
    stack.sim.removeMember(id);
    expect(await c.closed).toEqual({ code: 4011, reason: "user_not_monitored" });
  });

  it("leaves a plain GET / to the JSON info route", async () => {
    const res = await stack.get(`/?user_id=${CODER}`);
    expect(res.status).toBe(200);
    expect(res.body.data.monitored_user_count).toBe(stack.server.hub.size);
  });
});
