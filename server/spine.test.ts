// End to end: simulator → real discord.js → hub → Lanyard REST, on 127.0.0.1 ephemeral ports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, tempDir, type Stack } from "./_test/harness.ts";
import type { RawActivity } from "./presence/types.ts";

const spotify = (syncId: string, song: string, start: number): RawActivity => ({
  id: "spotify:1",
  name: "Spotify",
  type: 2,
  sync_id: syncId,
  details: song,
  state: "Ark Patrol; Veronika Redd",
  assets: { large_image: "spotify:ab67616d0000b27364840995fe43bb2ec73a241d", large_text: "Let Go" },
  timestamps: { start, end: start + 248_000 },
  party: { id: "spotify:1" },
  flags: 48,
  created_at: start,
});

/** A persona the simulator knows, by predicate on its current presence. */
function persona(stack: Stack, match: (status: string | undefined) => boolean = () => true): string {
  const users = stack.sim.members().filter((u) => !u.bot && match(stack.sim.presence(u.id)?.status));
  if (!users.length) throw new Error("no such persona");
  return users[0].id;
}

describe("spine: small guild", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it("serves every simulator member after the initial sync, with /health ready", async () => {
    const health = await stack.get("/health");
    expect(health.status).toBe(200);
    expect(health.body.data.gateway.state).toBe("ready");
    expect(health.body.data.monitored_users).toBe(stack.sim.members().length);
    for (const user of stack.sim.members()) {
      const res = await stack.get(`/v1/users/${user.id}`);
      expect(res.status, user.id).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.data.discord_user.id).toBe(user.id);
      const status = stack.sim.presence(user.id)?.status ?? "offline";
      expect(res.body.data.discord_status).toBe(status === "invisible" ? "offline" : status);
    }
  });

  it("reflects a presence change in GET /v1/users/:id", async () => {
    const id = persona(stack);
    const changed = stack.nextChange((c) => c.userId === id && c.presence?.discord_status === "dnd");
    stack.sim.setPresence(id, { status: "dnd", activities: [], client_status: { mobile: "dnd" } });
    await changed;
    const { body } = await stack.get(`/v1/users/${id}`);
    expect(body.data).toMatchObject({
      discord_status: "dnd",
      active_on_discord_mobile: true,
      active_on_discord_desktop: false,
      listening_to_spotify: false,
      spotify: null,
      activities: [],
    });
    expect(typeof body.data.last_seen).toBe("number");
  });

  it("sees a Spotify change discord.js would not emit (same title, new sync_id and timestamps)", async () => {
    const id = persona(stack);
    const t = Date.now();
    const first = stack.nextChange((c) => c.userId === id && c.presence?.spotify?.track_id === "3kdlVcMVsSkbsUy8eQcBjI");
    stack.sim.setPresence(id, { status: "online", activities: [spotify("3kdlVcMVsSkbsUy8eQcBjI", "Let Go", t)], client_status: { desktop: "online" } });
    await first;
    const second = stack.nextChange((c) => c.userId === id && c.presence?.spotify?.track_id === "0000000000000000000001");
    stack.sim.setPresence(id, { status: "online", activities: [spotify("0000000000000000000001", "Let Go", t + 1000)], client_status: { desktop: "online" } });
    await second;
    const { body } = await stack.get(`/v1/users/${id}`);
    expect(body.data.spotify).toEqual({
      album: "Let Go",
      album_art_url: `${stack.sim.spotifyImageUrl}/ab67616d0000b27364840995fe43bb2ec73a241d`,
      artist: "Ark Patrol; Veronika Redd",
      song: "Let Go",
      timestamps: { start: t + 1000, end: t + 1000 + 248_000 },
      track_id: "0000000000000000000001",
    });
  });

  it("replays what happened during a dropped connection (RESUME)", async () => {
    const id = persona(stack);
    const resumed = new Promise((r) => stack.sim.once("resume", r));
    stack.sim.drop({ mode: "close", code: 4000 });
    stack.sim.setPresence(id, { status: "idle", activities: [], client_status: { web: "idle" } });
    const changed = stack.nextChange((c) => c.userId === id && c.presence?.discord_status === "idle");
    await resumed;
    await changed;
    expect((await stack.get(`/v1/users/${id}`)).body.data.active_on_discord_web).toBe(true);
  });

  it("a member who joins is served; one who leaves is a 404 user_not_monitored", async () => {
    const user = { id: "1180000000000000001", username: "newcomer", discriminator: "0", global_name: "New" };
    const joined = stack.nextChange((c) => c.userId === user.id && c.presence !== null);
    stack.sim.addMember(user);
    await joined;
    expect((await stack.get(`/v1/users/${user.id}`)).body.data.discord_user.username).toBe("newcomer");
    const left = stack.nextChange((c) => c.userId === user.id && c.presence === null);
    stack.sim.removeMember(user.id);
    await left;
    const res = await stack.get(`/v1/users/${user.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      error: { code: "user_not_monitored", message: "User is not being monitored by presence-kit" },
    });
  });

  it("answers Lanyard's errors for unknown and malformed ids, and not_found for other routes", async () => {
    const unknown = await stack.get("/v1/users/1234567890123456789");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("user_not_monitored");
    for (const bad of ["abc", "0", "123", "99999999999999999999999", "%F0%9F%98%80"]) {
      const res = await stack.get(`/v1/users/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(res.body.error.code, bad).toBe("user_not_monitored");
      expect(res.body.error.message, bad).toMatch(/not a Discord user id/);
    }
    const route = await stack.get("/v2/nothing");
    expect(route.status).toBe(404);
    expect(route.body).toEqual({ success: false, error: { code: "not_found", message: "Route does not exist" } });
    const malformed = await stack.get("/v1/users/%E0%A4%A");
    expect(malformed.status).toBe(400);
    expect(malformed.body.success).toBe(false);
  });

  it("answers CORS like Lanyard: * for any Origin, preflight 200 with echoes", async () => {
    const id = persona(stack);
    const res = await fetch(`${stack.server.url}/v1/users/${id}`, { headers: { origin: "https://example.com" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const plain = await fetch(`${stack.server.url}/v1/users/${id}`);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const pre = await fetch(`${stack.server.url}/v1/users/${id}/kv/a`, {
      method: "OPTIONS",
      headers: { origin: "https://example.com", "access-control-request-method": "PUT", "access-control-request-headers": "Authorization, Content-Type" },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-methods")).toBe("PUT");
    expect(pre.headers.get("access-control-allow-headers")).toBe("authorization, content-type");
    expect(pre.headers.get("access-control-max-age")).toBe("600");
    const notFound = await fetch(`${stack.server.url}/v1/users/1`, { headers: { origin: "https://x.dev" } });
    expect(notFound.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("spine: reconnecting with a new session (large guild)", () => {
  let stack: Stack;
  // 300 mostly-offline members make the guild large, so GUILD_CREATE lists online members only.
  beforeAll(async () => {
    stack = await startStack({ sim: { members: 300, online: 20 } });
  });
  afterAll(() => stack?.close());

  it("does not serve stale data after a re-identify: offline and departed users are reconciled", async () => {
    const goesOffline = persona(stack, (s) => s !== undefined && s !== "offline");
    const leaves = stack.sim.members().filter((u) => !u.bot && u.id !== goesOffline)[0].id;
    expect((await stack.get(`/v1/users/${goesOffline}`)).body.data.discord_status).not.toBe("offline");
    expect((await stack.get(`/v1/users/${leaves}`)).status).toBe(200);

    const offline = stack.nextChange((c) => c.userId === goesOffline && c.presence?.discord_status === "offline", 15_000);
    const removed = stack.nextChange((c) => c.userId === leaves && c.presence === null, 15_000);
    const identified = new Promise((r) => stack.sim.once("identify", r));
    // Session invalidated and forgotten: what happens now is never dispatched to the old session.
    stack.sim.drop({ mode: "invalidate", resumable: false });
    stack.sim.setPresence(goesOffline, { status: "offline" });
    stack.sim.removeMember(leaves);
    await identified;
    await Promise.all([offline, removed]);
    expect((await stack.get(`/v1/users/${goesOffline}`)).body.data.discord_status).toBe("offline");
    expect((await stack.get(`/v1/users/${leaves}`)).status).toBe(404);
  });

  it("serves members who were offline (uncached) at connect once they come online", async () => {
    const sleeper = stack.sim.members().find((u) => !u.bot && (stack.sim.presence(u.id)?.status ?? "offline") === "offline")!;
    const online = stack.nextChange((c) => c.userId === sleeper.id && c.presence?.discord_status === "online");
    stack.sim.setPresence(sleeper.id, { status: "online", activities: [], client_status: { desktop: "online" } });
    await online;
    const { body } = await stack.get(`/v1/users/${sleeper.id}`);
    expect(body.data.discord_status).toBe("online");
    expect(body.data.discord_user.username).toBe(sleeper.username);
  });
});

describe("spine: persistence with fs storage", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("keeps last_seen and the version sequence across a restart", async () => {
    // Filler members start offline in every run, so the second run must rely on what was stored.
    const opts = { storageDir: dir.path, sim: { members: 3, online: 0 as const } };
    const first = await startStack(opts);
    const id = persona(first, (s) => s === undefined || s === "offline");
    const on = first.nextChange((c) => c.userId === id && c.presence?.discord_status === "online");
    first.sim.setPresence(id, { status: "online", activities: [], client_status: { desktop: "online" } });
    await on;
    const off = first.nextChange((c) => c.userId === id && c.presence?.discord_status === "offline");
    first.sim.setPresence(id, { status: "offline" });
    const change = await off;
    const lastSeen = change.presence!.last_seen;
    expect(lastSeen).toBeGreaterThan(0);
    await first.close();

    const second = await startStack(opts);
    try {
      const snap = second.server.hub.get(id)!;
      expect(snap.presence.discord_status).toBe("offline");
      expect(snap.presence.last_seen).toBe(lastSeen);
      expect(snap.version).toBeGreaterThan(change.version);
      const { body } = await second.get(`/v1/users/${id}`);
      expect(body.data.last_seen).toBe(lastSeen);
    } finally {
      await second.close();
    }
  });
});

describe("spine: several guilds", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sim: { guilds: 2 } });
  });
  afterAll(() => stack?.close());

  it("keeps a user who leaves one of two shared guilds, and drops them after the last", async () => {
    const [first, second] = stack.sim.guildIds;
    const inBoth = stack.sim.members(second).find((u) => !u.bot && stack.sim.members(first).some((m) => m.id === u.id))!;
    expect(inBoth).toBeDefined();
    stack.sim.removeMember(inBoth.id, { guildId: second });
    // One socket keeps order: once this later update is in, the REMOVE before it was handled.
    const probe = stack.nextChange((c) => c.userId === inBoth.id && c.presence?.discord_status === "idle");
    stack.sim.setPresence(inBoth.id, { status: "idle", activities: [], client_status: { mobile: "idle" } });
    await probe;
    expect((await stack.get(`/v1/users/${inBoth.id}`)).status).toBe(200);
    const gone = stack.nextChange((c) => c.userId === inBoth.id && c.presence === null);
    stack.sim.removeMember(inBoth.id, { guildId: first });
    await gone;
    expect((await stack.get(`/v1/users/${inBoth.id}`)).status).toBe(404);
  });
});
