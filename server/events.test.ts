// End to end: simulator → discord.js → hub → Server-Sent Events, on 127.0.0.1 ephemeral ports.
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startStack, tempDir, type Stack } from "./_test/harness.ts";
import { sseClients, type SseClient } from "./_test/sse-client.ts";
import type { RawPresence } from "./presence/types.ts";
import { logger } from "./log/logger.ts";

const MIRA = "293673602384003625";
const KENJI = "463338282680454615";
const RAVEN = "244581933252739979";
const LIN = "545507915071620158";
const PIXEL = "198116691148933539";
const presence = (status: RawPresence["status"]): RawPresence => ({
  status,
  activities: [],
  client_status: { web: status },
});
const newcomer = (n: number) => ({
  id: `11800000000000000${10 + n}`,
  username: `newcomer${n}`,
  discriminator: "0",
  global_name: `New ${n}`,
});

const sse = sseClients();
// Anything logged as an error (an unhandled route error, a failing hub subscriber) fails the test.
const logged: unknown[][] = [];
beforeEach(() => void vi.spyOn(logger, "error").mockImplementation((...args) => void logged.push(args)));
afterEach(() => {
  sse.closeAll();
  vi.restoreAllMocks();
  expect(logged.splice(0)).toEqual([]);
});

describe("SSE", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());
  const url = (path: string) => `${stack.server.url}${path}`;
  /** Sets a presence in the simulator and waits until the hub has it. */
  async function setStatus(id: string, status: RawPresence["status"]) {
    const changed = stack.nextChange((c) => c.userId === id && c.presence?.discord_status === status);
    stack.sim.setPresence(id, presence(status));
    return changed;
  }
  async function rest(id: string) {
    return { ...(await stack.get(`/v1/users/${id}`)).body.data, user_id: id };
  }

  it("answers with the SSE head and CORS, a retry hint, then init and a presence per change", async () => {
    const client = await sse.open(url(`/v1/users/${MIRA}/events`), { origin: "https://example.com" });
    expect(client.status).toBe(200);
    expect(client.headers).toMatchObject({
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
      connection: "keep-alive",
      "access-control-allow-origin": "*",
    });
    const init = await client.next();
    expect(client.retry).toBe(2000);
    expect(init.event).toBe("init");
    expect(init.id).toBe(String(stack.server.hub.get(MIRA)!.version));
    expect(init.json()).toEqual(await rest(MIRA));
    const change = await setStatus(MIRA, "dnd");
    const update = await client.next();
    expect([update.event, update.id]).toEqual(["presence", String(change.version)]);
    expect(update.json()).toEqual(await rest(MIRA));
    expect(update.json()).toMatchObject({ discord_status: "dnd", active_on_discord_web: true, user_id: MIRA });
  });

  it("streams several users: init of the monitored ones, their changes only, and a member who joins later", async () => {
    const late = newcomer(1);
    const client = await sse.open(url(`/v1/events?ids=${KENJI},${RAVEN}&ids=${late.id}`));
    const init = await client.next();
    expect(init.event).toBe("init");
    expect(init.id).toMatch(/^[0-9a-z]{8}\.[0-9a-z]+$/);
    expect(init.json()).toEqual({ [KENJI]: await rest(KENJI), [RAVEN]: await rest(RAVEN) });
    await setStatus(RAVEN, "idle");
    await setStatus(LIN, "idle"); // not followed
    await setStatus(KENJI, "dnd");
    const got = [await client.next(), await client.next()];
    expect(got.map((m) => [m.event, m.json().user_id, m.json().discord_status])).toEqual([
      ["presence", RAVEN, "idle"],
      ["presence", KENJI, "dnd"],
    ]);
    const joined = stack.nextChange((c) => c.userId === late.id && c.presence !== null);
    stack.sim.addMember(late);
    await joined;
    expect((await client.until((m) => m.json().user_id === late.id)).event).toBe("presence");
    stack.sim.removeMember(late.id);
    const removed = await client.until((m) => m.event === "remove");
    expect(removed.json()).toEqual({ user_id: late.id });
  });

  it("?all=true: every monitored user in init, and members who join and leave later", async () => {
    const late = newcomer(2);
    const client = await sse.open(url("/v1/events?all=true"));
    const init = await client.next();
    expect(Object.keys(init.json()).sort()).toEqual([...stack.server.hub.ids()].sort());
    expect(Object.keys(init.json())).toHaveLength(stack.sim.members().length);
    stack.sim.addMember(late);
    const added = await client.until((m) => m.json().user_id === late.id);
    expect(added.json().discord_user.username).toBe(late.username);
    stack.sim.removeMember(late.id);
    expect((await client.until((m) => m.event === "remove")).json()).toEqual({ user_id: late.id });
  });

  it("a user stream says remove when the user leaves and stays open; a reconnect then is let in", async () => {
    const user = newcomer(3);
    const joined = stack.nextChange((c) => c.userId === user.id && c.presence !== null);
    stack.sim.addMember(user);
    await joined;
    const client = await sse.open(url(`/v1/users/${user.id}/events`));
    const init = await client.next();
    const left = stack.nextChange((c) => c.userId === user.id && c.presence === null);
    stack.sim.removeMember(user.id);
    const removed = await client.next();
    const version = String((await left).version);
    expect([removed.event, removed.id, removed.json()]).toEqual(["remove", version, { user_id: user.id }]);
    // A new subscriber gets a 404, but a reconnecting EventSource must not: it would give up.
    expect((await sse.open(url(`/v1/users/${user.id}/events`))).status).toBe(404);
    const current = await sse.open(url(`/v1/users/${user.id}/events`), { "last-event-id": removed.id });
    const behind = await sse.open(url(`/v1/users/${user.id}/events`), { "last-event-id": init.id });
    const other = await sse.open(url(`/v1/users/${user.id}/events`), { "last-event-id": "nonsense" });
    expect([current.status, behind.status, other.status]).toEqual([200, 200, 200]);
    expect((await behind.next()).event).toBe("remove");
    expect(await other.next()).toMatchObject({ event: "remove", id: "" });
    stack.sim.addMember(user);
    for (const c of [client, current, behind, other]) expect((await c.next()).event).toBe("presence");
    expect(current.events.map((m) => m.event)).toEqual(["presence"]);
  });

  it("resumes after a forced disconnect: every missed change, in order, and no init", async () => {
    const one = await sse.open(url(`/v1/users/${MIRA}/events`));
    const many = await sse.open(url(`/v1/events?ids=${KENJI},${RAVEN}`));
    await one.next();
    await many.next();
    one.close();
    many.close();
    const expected: Array<[string, string]> = [];
    const steps = [
      [MIRA, "idle"],
      [KENJI, "online"],
      [MIRA, "online"],
      [RAVEN, "dnd"],
      [KENJI, "idle"],
      [MIRA, "dnd"],
    ] as const;
    for (const [id, status] of steps) {
      const change = await setStatus(id, status);
      expected.push([id, status]);
      if (id === MIRA) expect(change.version).toBeGreaterThan(Number(one.lastEventId));
    }
    // The header (what a browser sends) wins over a stale ?last_event_id= in the URL.
    const one2 = await sse.open(url(`/v1/users/${MIRA}/events?last_event_id=1`), {
      "last-event-id": one.lastEventId,
    });
    const many2 = await sse.open(url(`/v1/events?ids=${KENJI},${RAVEN}&last_event_id=${many.lastEventId}`));
    const mine = expected.filter(([id]) => id === MIRA);
    const a = await Promise.all(mine.map(() => one2.next()));
    expect(a.map((m) => [m.event, m.json().discord_status])).toEqual(mine.map(([, s]) => ["presence", s]));
    expect(a.map((m) => Number(m.id))).toEqual(mine.map((_, i) => Number(one.lastEventId) + i + 1));
    const theirs = expected.filter(([id]) => id !== MIRA);
    const b = await Promise.all(theirs.map(() => many2.next()));
    expect(b.map((m) => [m.event, m.json().user_id, m.json().discord_status])).toEqual(
      theirs.map(([id, s]) => ["presence", id, s]),
    );
    // And the live stream continues after the replay.
    await setStatus(KENJI, "dnd");
    expect((await many2.next()).json()).toMatchObject({ user_id: KENJI, discord_status: "dnd" });
  });

  it("sends a fresh init when the gap is older than the history (4096 changes)", async () => {
    const one = await sse.open(url(`/v1/users/${PIXEL}/events`));
    const many = await sse.open(url(`/v1/events?ids=${PIXEL}`));
    await one.next();
    await many.next();
    one.close();
    many.close();
    for (let i = 0; i < 4100; i++) stack.server.hub.sync(PIXEL, { kv: { n: String(i) } });
    const one2 = await sse.open(url(`/v1/users/${PIXEL}/events`), { "last-event-id": one.lastEventId });
    const many2 = await sse.open(url(`/v1/events?ids=${PIXEL}`), { "last-event-id": many.lastEventId });
    const init = await one2.next();
    const version = String(stack.server.hub.get(PIXEL)!.version);
    expect([init.event, init.id, init.json().kv]).toEqual(["init", version, { n: "4099" }]);
    const initMany = await many2.next();
    expect([initMany.event, initMany.json()[PIXEL].kv]).toEqual(["init", { n: "4099" }]);
  });

  it("treats a malformed or foreign Last-Event-ID as none: a fresh init, not an error", async () => {
    for (const [path, id] of [
      [`/v1/users/${MIRA}/events`, "garbage"],
      [`/v1/users/${MIRA}/events`, "abc.1"],
      [`/v1/users/${MIRA}/events`, "99999999999"],
      [`/v1/events?ids=${MIRA}`, "42"],
      [`/v1/events?ids=${MIRA}`, "zzzzzzzz.1"],
      [`/v1/events?all=true`, "\u00e9\u00e9"],
    ]) {
      const client = await sse.open(url(path), { "last-event-id": encodeURIComponent(id) });
      expect((await client.next()).event, `${path} ${id}`).toBe("init");
    }
  });

  it("answers bad input with a JSON error before any stream starts", async () => {
    const tooMany = Array.from({ length: 501 }, (_, i) => String(100000000000000000n + BigInt(i))).join(",");
    const cases: Array<[string, number, string]> = [
      ["/v1/users/abc/events", 400, "invalid_user_id"],
      ["/v1/users/123/events", 400, "invalid_user_id"],
      ["/v1/users/1234567890123456789/events", 404, "user_not_monitored"],
      ["/v1/events", 400, "missing_ids"],
      ["/v1/events?ids=", 400, "missing_ids"],
      ["/v1/events?ids=,%20,", 400, "missing_ids"],
      ["/v1/events?all=false", 400, "missing_ids"],
      [`/v1/events?ids=${MIRA},abc`, 400, "invalid_user_id"],
      [`/v1/events?ids=${tooMany}`, 400, "too_many_ids"],
      ["/v1/events?all=maybe", 400, "bad_request"],
    ];
    for (const [path, status, code] of cases) {
      const client = await sse.open(url(path), { origin: "https://example.com" });
      expect([client.status, client.body?.error?.code], path).toEqual([status, code]);
      expect(client.headers["content-type"], path).toMatch(/^application\/json/);
      expect(client.headers["access-control-allow-origin"], path).toBe("*");
    }
    // Exactly the maximum (500) is fine.
    const max = tooMany.split(",").slice(0, 500).join(",");
    expect((await sse.open(url(`/v1/events?ids=${max}`))).status).toBe(200);
  });

  it("drops a consumer that does not read, while a normal subscriber gets every update", async () => {
    const id = RAVEN;
    const normal = await sse.open(url(`/v1/users/${id}/events`));
    await normal.next();
    const raw = await _rawPausedStream(stack.server.port, `/v1/users/${id}/events`);
    // 12 MB in 64 KB updates: more than loopback's kernel buffers plus the 1 MiB cap.
    const rounds = 192;
    const first = stack.server.hub.get(id)!.version + 1;
    for (let round = 0; round < rounds; round++) {
      stack.server.hub.sync(id, { kv: { blob: `${round}:`.padEnd(64 * 1024, "x") } });
      if (round % 4 === 3) await normal.until((m) => m.json().kv.blob?.startsWith(`${round}:`));
    }
    const got = normal.events.filter((m) => m.json().kv.blob !== undefined);
    expect(got.map((m) => Number(m.id))).toEqual(Array.from({ length: rounds }, (_, i) => first + i));
    // Reading again, the slow one finds its stream cut short instead of 12 MB waiting for it.
    const received = await raw.drain(5000);
    expect(received.presences).toBeGreaterThan(0);
    expect(received.presences).toBeLessThan(rounds);
  });

  it.skipIf(spawnSync("curl", ["--version"]).status !== 0)("works with curl -N", async () => {
    const curl = spawn("curl", ["-sN", url(`/v1/users/${LIN}/events`)]);
    let out = "";
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`curl did not print ${text}: ${out.slice(0, 200)}`)), 5000);
        const check = () => out.includes(text) && (clearTimeout(timer), resolve());
        curl.stdout.on("data", (chunk: Buffer) => ((out += chunk.toString()), check()));
        check();
      });
    try {
      await seen("event: init\n");
      await setStatus(LIN, "dnd");
      await seen("event: presence\n");
      expect(out.startsWith("retry: 2000\n\n")).toBe(true);
      expect(out).toContain(`"user_id":"${LIN}"`);
    } finally {
      curl.kill();
    }
  });
});

describe("SSE across a restart (fs storage)", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("ends streams on shutdown; after a restart, user streams replay from their version, multi-user ones re-init", async () => {
    const opts = { storageDir: dir.path };
    const first = await startStack(opts);
    let one: SseClient, many: SseClient;
    try {
      one = await sse.open(`${first.server.url}/v1/users/${KENJI}/events`);
      many = await sse.open(`${first.server.url}/v1/events?ids=${KENJI},${MIRA}`);
      await one.next();
      await many.next();
      const changed = first.nextChange((c) => c.userId === KENJI && c.presence?.discord_status === "dnd");
      first.sim.setPresence(KENJI, presence("dnd"));
      await changed;
      expect((await one.next()).json().discord_status).toBe("dnd");
      await many.next();
    } finally {
      await first.close();
    }
    await Promise.all([one.ended, many.ended]);
    const before = Number(one.lastEventId);

    const second = await startStack(opts);
    try {
      const base = second.server.url;
      const one2 = await sse.open(`${base}/v1/users/${KENJI}/events`, { "last-event-id": one.lastEventId });
      const many2 = await sse.open(`${base}/v1/events?ids=${KENJI},${MIRA}`, { "last-event-id": many.lastEventId });
      // The new process saw KENJI again at connect (a new version): replayed, not re-initialised.
      const now = second.server.hub.get(KENJI)!.version;
      expect(now).toBeGreaterThan(before);
      const replayed = await Promise.all(Array.from({ length: now - before }, () => one2.next()));
      expect(replayed.map((m) => [m.event, Number(m.id)])).toEqual(
        replayed.map((_, i) => ["presence", before + i + 1]),
      );
      const current = { ...(await second.get(`/v1/users/${KENJI}`)).body.data, user_id: KENJI };
      expect(replayed.at(-1)!.json()).toEqual(current);
      const init = await many2.next();
      expect(init.event).toBe("init");
      expect(init.json()[KENJI]).toEqual(current);
      expect(init.id.split(".")[0]).not.toBe(many.lastEventId.split(".")[0]);
    } finally {
      await second.close();
    }
  });
});

// --- internal ---

/** A raw HTTP/1.1 stream whose body is not read until `drain()`. */
function _rawPausedStream(port: number, path: string) {
  return new Promise<{ drain(timeoutMs: number): Promise<{ presences: number }> }>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let closed = false;
    socket.on("error", () => {}); // a reset is one way of being dropped
    socket.on("close", () => void (closed = true));
    socket.once("connect", () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.once("data", (chunk) => {
      socket.pause();
      text = chunk.toString("latin1");
      if (!text.startsWith("HTTP/1.1 200")) return reject(new Error(text.slice(0, 100)));
      resolve({
        drain(timeoutMs) {
          return new Promise((done, fail) => {
            const timer = setTimeout(() => (socket.destroy(), fail(new Error("the slow consumer was not dropped"))), timeoutMs);
            const finish = () => (clearTimeout(timer), done({ presences: text.split("event: presence\n").length - 1 }));
            if (closed) return finish();
            socket.on("data", (c: Buffer) => void (text += c.toString("latin1")));
            socket.once("close", finish);
            socket.resume();
          });
        },
      });
    });
  });
}
