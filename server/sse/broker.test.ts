// The SSE routes on a bare app (memory hub, a fake source) on 127.0.0.1: what needs injected
// timings or limits, or a source that is not ready yet.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sseClients } from "../_test/sse-client.ts";
import { loadConfig } from "../config.ts";
import { corsMiddleware } from "../cors.ts";
import { toErrorResponse } from "../errors.ts";
import { createHub, type Hub } from "../presence/hub.ts";
import type { RawPresence } from "../presence/types.ts";
import { eventsRoutes, type EventsOptions } from "../routes/events.ts";
import { createShutdown } from "../shutdown.ts";
import type { PresenceSource, SourceState } from "../source/source.ts";
import { createStorage } from "../storage/index.ts";
import type { SseBroker } from "./broker.ts";
import { logger } from "../log/logger.ts";

const A = "94490510688792576";
const B = "293673602384003625";
const status = (s: RawPresence["status"]): { presence: RawPresence } => ({
  presence: { status: s, activities: [], client_status: { desktop: s } },
});

const sse = sseClients();
const cleanups: Array<() => unknown> = [];
// Anything logged as an error (an unhandled route error, a failing hub subscriber) fails the test.
const logged: unknown[][] = [];
beforeEach(() => void vi.spyOn(logger, "error").mockImplementation((...args) => void logged.push(args)));
afterEach(async () => {
  sse.closeAll();
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
  expect(logged.splice(0)).toEqual([]);
});

interface Setup {
  url: string;
  hub: Hub;
  broker: SseBroker;
  shutdown: ReturnType<typeof createShutdown>;
  /** Makes a not-yet-ready source ready. */
  ready(): void;
}

async function setup(
  options: EventsOptions = {},
  env: Record<string, string> = {},
  state: SourceState = "ready",
): Promise<Setup> {
  const hub = createHub({ storage: createStorage({ driver: "memory" }), flushDelayMs: 5 });
  await hub.start();
  for (const id of [A, B]) {
    hub.sync(id, { user: { id, username: `u${id.slice(0, 4)}`, discriminator: "0" }, ...status("online") });
  }
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const source: PresenceSource = {
    name: "fake",
    start: async () => {},
    stop: async () => {},
    status: () => ({ state, since: 0, guilds: 1, members: 2, ping: -1 }),
    ready: () => whenReady,
  };
  const shutdown = createShutdown();
  const app = new H3({ onError: toErrorResponse });
  app.use(corsMiddleware);
  const config = loadConfig(env, { dotenv: false });
  const broker = eventsRoutes(app, { config, hub, source, shutdown }, options);
  const server: Server = createServer(toNodeHandler(app));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => hub.close());
  cleanups.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
  cleanups.push(() => shutdown.run());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hub, broker, shutdown, ready: () => ((state = "ready"), ready()) };
}

describe("SSE broker", () => {
  it("sends a `: ping` comment every heartbeat interval; a multi-user ping moves the id forward", async () => {
    const s = await setup({ heartbeatMs: 30 });
    const one = await sse.open(`${s.url}/v1/users/${A}/events`);
    const many = await sse.open(`${s.url}/v1/events?ids=${A}`);
    await one.next();
    const init = await many.next();
    expect(await one.nextComment()).toBe("ping");
    expect(await many.nextComment()).toBe("ping");
    // B is not followed by `many`, but its change still moves the position a ping reports.
    s.hub.sync(B, status("idle"));
    await many.nextComment();
    const [epoch, seq] = many.lastEventId.split(".");
    expect(init.id.split(".")[0]).toBe(epoch);
    expect(parseInt(seq, 36)).toBe(parseInt(init.id.split(".")[1], 36) + 1);
    expect(many.events).toHaveLength(1);
    // Resuming from that position replays nothing (B is not followed) and sends no init.
    const again = await sse.open(`${s.url}/v1/events?ids=${A}`, { "last-event-id": many.lastEventId });
    s.hub.sync(A, status("dnd"));
    expect((await again.next()).event).toBe("presence");
  });

  it("holds the first event while the source is still connecting, then sends a complete init", async () => {
    const s = await setup({}, {}, "connecting");
    const many = await sse.open(`${s.url}/v1/events?ids=${A},${B}`);
    expect(many.status).toBe(200);
    expect(many.retry).toBe(2000);
    s.hub.sync(A, status("dnd"));
    s.ready();
    const init = await many.next();
    expect(init.event).toBe("init");
    expect(init.json()[A].discord_status).toBe("dnd");
    expect(Object.keys(init.json()).sort()).toEqual([A, B].sort());
  });

  it("streams a commit interleaved with gateway events in version order", async () => {
    const s = await setup();
    const one = await sse.open(`${s.url}/v1/users/${A}/events`);
    await one.next();
    const { version } = s.hub.get(A)!;
    const pending = s.hub.commit(A, status("idle")); // stored first, applied once stored
    s.hub.sync(A, status("dnd")); // applied at once
    await pending;
    s.hub.sync(A, status("online"));
    const seen = [await one.next(), await one.next(), await one.next()];
    expect(seen.map((m) => [m.id, m.json().discord_status])).toEqual([
      [String(version + 1), "dnd"],
      [String(version + 2), "idle"],
      [String(version + 3), "online"],
    ]);
  });

  it("replays from a small history and sends a fresh init once the gap is older than it", async () => {
    const s = await setup({ historySize: 8 });
    const one = await sse.open(`${s.url}/v1/users/${A}/events`);
    const many = await sse.open(`${s.url}/v1/events?all=true`);
    await one.next();
    await many.next();
    one.close();
    many.close();
    for (const st of ["idle", "dnd", "online"] as const) s.hub.sync(A, status(st));
    const replay = await sse.open(`${s.url}/v1/users/${A}/events`, { "last-event-id": one.lastEventId });
    const replayMany = await sse.open(`${s.url}/v1/events?all=1&last_event_id=${many.lastEventId}`);
    for (const client of [replay, replayMany]) {
      const got = [await client.next(), await client.next(), await client.next()];
      expect(got.map((m) => m.event)).toEqual(["presence", "presence", "presence"]);
      expect(got.map((m) => m.json().discord_status)).toEqual(["idle", "dnd", "online"]);
    }
    // Eight changes still fit in the history; the ninth pushes the last one seen out of it.
    for (let i = 0; i < 9; i++) s.hub.sync(B, { kv: { n: String(i) } });
    const late = await sse.open(`${s.url}/v1/events?all=true`, { "last-event-id": replayMany.lastEventId });
    const init = await late.next();
    expect(init.event).toBe("init");
    expect(init.json()[B].kv).toEqual({ n: "8" });
    for (let i = 0; i < 9; i++) s.hub.sync(A, { kv: { n: String(i) } });
    const lateOne = await sse.open(`${s.url}/v1/users/${A}/events`, { "last-event-id": replay.lastEventId });
    expect((await lateOne.next()).event).toBe("init");
  });

  it("drops a consumer whose outgoing buffer passes the cap, keeping memory bounded", async () => {
    const s = await setup({ maxBufferedBytes: 64 * 1024 });
    const fast = await sse.open(`${s.url}/v1/users/${A}/events`);
    await fast.next();
    const other = await sse.open(`${s.url}/v1/users/${A}/events`);
    // A paused client stops reading: the server's buffer fills once the kernel's are full.
    const slowRes = await _pausedStream(`${s.url}/v1/users/${A}/events`);
    expect(s.broker.size).toBe(3);
    for (let round = 0; s.broker.size === 3 && round < 400; round++) {
      s.hub.sync(A, { kv: { blob: `${round}`.padEnd(32 * 1024, ".") } });
      for (const reader of [fast, other]) {
        await reader.until((m) => m.json().kv.blob?.startsWith(`${round}.`));
      }
    }
    expect(s.broker.size).toBe(2);
    slowRes.destroy();
  });

  it("answers 403 subscribe_all_disabled when ALLOW_SUBSCRIBE_ALL is off, and 503 after shutdown", async () => {
    const s = await setup({}, { ALLOW_SUBSCRIBE_ALL: "false", MAX_SUBSCRIPTION_IDS: "2" });
    const all = await sse.open(`${s.url}/v1/events?all=true`, { origin: "https://example.com" });
    expect(all.status).toBe(403);
    expect(all.headers["access-control-allow-origin"]).toBe("*");
    expect(all.body.error.code).toBe("subscribe_all_disabled");
    expect((await sse.open(`${s.url}/v1/events?ids=${A},${B},${A}`)).status).toBe(200);
    const three = await sse.open(`${s.url}/v1/events?ids=${A},${B},1234567890123456789`);
    expect([three.status, three.body.error.code]).toEqual([400, "too_many_ids"]);
    const open = await sse.open(`${s.url}/v1/users/${A}/events`);
    await s.shutdown.run();
    await open.ended;
    expect(s.broker.size).toBe(0);
    const after = await sse.open(`${s.url}/v1/users/${A}/events`);
    expect([after.status, after.body.error.code]).toEqual([503, "service_unavailable"]);
  });
});

// --- internal ---

/** A stream whose body is never read. */
function _pausedStream(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url);
    req.on("error", () => {});
    req.on("response", (res) => {
      res.pause();
      res.on("error", () => {});
      resolve(res);
    });
    req.once("error", reject);
    req.end();
  });
}
