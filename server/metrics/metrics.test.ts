// GET /metrics on a real server fed by the simulator: valid exposition text whose values follow
// what happens (a socket connects, an update flows, a card renders), and absent with METRICS=false.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { sseClients } from "../_test/sse-client.ts";
import { wsClients } from "../_test/ws-client.ts";
import type { RawPresence } from "../presence/types.ts";
import { parseExposition, type Scrape } from "./_test/exposition-parser.ts";

const MIRA = "293673602384003625";
const KENJI = "463338282680454615";
const presence = (status: RawPresence["status"]): RawPresence => ({
  status,
  activities: [],
  client_status: { web: status },
});
const ws = wsClients();
const sse = sseClients();
afterEach(() => (ws.closeAll(), sse.closeAll()));

describe("GET /metrics", () => {
  let stack: Stack;
  beforeAll(async () => void (stack = await startStack()));
  afterAll(() => stack?.close());

  async function scrape(): Promise<Scrape> {
    const res = await fetch(`${stack.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return parseExposition(await res.text());
  }

  it("parses as exposition format with HELP and TYPE for every family, counters named _total", async () => {
    const s = await scrape();
    for (const [name, type] of s.types) expect(type === "counter").toBe(name.endsWith("_total"));
    // A histogram's samples are its name plus _bucket, _sum or _count.
    const family = (key: string) => key.replace(/\{.*$/, "").replace(/_(bucket|sum|count)$/, "");
    for (const key of s.samples.keys()) expect(s.types.has(key.replace(/\{.*$/, "")) || s.types.get(family(key)) === "histogram").toBe(true);
    expect(s.value("presence_kit_monitored_users")).toBe(stack.server.hub.size);
    expect(s.value("presence_kit_monitored_users")).toBeGreaterThanOrEqual(6);
    expect(s.value("presence_kit_gateway_up")).toBe(1);
    expect(s.value("presence_kit_gateway_state", { state: "ready" })).toBe(1);
    expect(s.value("presence_kit_gateway_state", { state: "failed" })).toBe(0);
    expect(s.value("presence_kit_gateway_guilds")).toBe(1);
    // The member sync wrote every persona through the source.
    expect(s.value("presence_kit_source_updates_total")).toBeGreaterThanOrEqual(stack.server.hub.size);
    expect(s.value("presence_kit_uptime_seconds")).toBeGreaterThan(0);
    expect(s.value("process_resident_memory_bytes")).toBeGreaterThan(1e6);
  });

  it("counts connections per transport and dialect while they are open", async () => {
    const wsUrl = stack.server.url.replace("http", "ws");
    const before = await scrape();
    const lanyard = await ws.open(`${wsUrl}/socket`);
    await lanyard.next(); // hello: the session has started
    const grux = await ws.open(`${wsUrl}/?user_id=${MIRA}`);
    await grux.next();
    const stream = await sse.open(`${stack.server.url}/v1/users/${MIRA}/events`);
    await stream.next();
    const during = await scrape();
    const conns = (s: Scrape, dialect: string, transport = "ws") =>
      s.value("presence_kit_connections", { transport, dialect });
    const frames = (s: Scrape, transport: string) => s.value("presence_kit_frames_sent_total", { transport });
    expect(conns(during, "lanyard")).toBe(conns(before, "lanyard") + 1);
    expect(conns(during, "grux")).toBe(conns(before, "grux") + 1);
    expect(conns(during, "tether")).toBe(0);
    expect(conns(during, "lanyard", "sse")).toBe(1);
    // hello + grux's first frame, and the stream's init.
    expect(frames(during, "ws")).toBeGreaterThanOrEqual(frames(before, "ws") + 2);
    expect(frames(during, "sse")).toBeGreaterThanOrEqual(1);

    lanyard.close();
    await lanyard.closed;
    stream.close();
    await stream.ended;
    await _until(async () => conns(await scrape(), "lanyard") === 0);
    await _until(async () => conns(await scrape(), "lanyard", "sse") === 0);
  });

  it("moves the in and out counters when an update flows", async () => {
    const lanyard = await ws.open(`${stack.server.url.replace("http", "ws")}/socket`);
    await lanyard.next();
    lanyard.send({ op: 2, d: { subscribe_to_id: KENJI } });
    await lanyard.until((m) => m.t === "INIT_STATE");
    const stream = await sse.open(`${stack.server.url}/v1/users/${KENJI}/events`);
    await stream.until((e) => e.event === "init");
    const before = await scrape();
    const changed = stack.nextChange((c) => c.userId === KENJI && c.presence?.discord_status === "dnd");
    stack.sim.setPresence(KENJI, presence("dnd"));
    await changed;
    await lanyard.until((m) => m.t === "PRESENCE_UPDATE");
    await stream.until((e) => e.event === "presence");
    const after = await scrape();
    const delta = (name: string, labels?: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta("presence_kit_source_updates_total")).toBeGreaterThanOrEqual(1);
    expect(delta("presence_kit_hub_changes_total")).toBeGreaterThanOrEqual(1);
    expect(delta("presence_kit_frames_sent_total", { transport: "ws" })).toBeGreaterThanOrEqual(1);
    expect(delta("presence_kit_frames_sent_total", { transport: "sse" })).toBeGreaterThanOrEqual(1);
  });

  it("counts a card render, then a cache hit for the same card", async () => {
    // A card showing no clock, so both requests fall in one cache key whatever the second.
    const hub = stack.server.hub;
    const id = [...hub.ids()].find((u) => !hub.get(u)!.presence.activities.some((a) => a.timestamps));
    expect(id).toBeDefined();
    const before = await scrape();
    const card = `${stack.server.url}/cards/${id}.svg?theme=nord`;
    expect((await fetch(card)).status).toBe(200);
    const first = await scrape();
    const grew = (a: Scrape, b: Scrape, name: string) => b.value(name) - a.value(name);
    expect(grew(before, first, "presence_kit_card_renders_total")).toBe(1);
    expect(grew(before, first, "presence_kit_card_cache_misses_total")).toBe(1);
    expect((await fetch(card)).status).toBe(200);
    const second = await scrape();
    expect(grew(first, second, "presence_kit_card_renders_total")).toBe(0);
    expect(grew(first, second, "presence_kit_card_cache_hits_total")).toBe(1);
  });
});

describe("METRICS=false", () => {
  it("does not serve /metrics (404 not_found)", async () => {
    const stack = await startStack({ env: { METRICS: "false" } });
    try {
      const res = await stack.get("/metrics");
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ success: false, error: { code: "not_found" } });
    } finally {
      await stack.close();
    }
  });
});

// --- internal ---

/** The close reaches the server after the client saw it; no event tells the test when. */
async function _until(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("process and runtime series", () => {
  let stack: Stack;
  beforeAll(async () => void (stack = await startStack()));
  afterAll(() => stack?.close());

  it("has prom-client's standard names with sane values, GC counts that move, and build info", async () => {
    const read = async () => parseExposition(await (await fetch(`${stack.server.url}/metrics`)).text());
    const s = await read();
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(s.value("presence_kit_build_info", { version, node: process.version })).toBe(1);
    expect(s.types.get("process_cpu_seconds_total")).toBe("counter");
    expect(s.value("process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(s.value("process_cpu_seconds_total")).toBeCloseTo(s.value("process_cpu_user_seconds_total") + s.value("process_cpu_system_seconds_total"), 5);
    // Started within the test run, by the wall clock.
    const start = s.value("process_start_time_seconds");
    expect(start).toBeLessThanOrEqual(Date.now() / 1000);
    expect(start).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(s.value("process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);
    expect(s.value("process_open_fds")).toBeGreaterThan(3);
    expect(s.value("process_open_fds")).toBeLessThanOrEqual(s.value("process_max_fds"));
    expect(s.value("nodejs_heap_size_used_bytes")).toBeLessThanOrEqual(s.value("nodejs_heap_size_total_bytes"));
    expect(s.value("nodejs_heap_space_size_used_bytes", { space: "old" })).toBeGreaterThan(0);
    for (const q of ["min", "p50", "p99", "max"]) expect(s.value(`nodejs_eventloop_lag_${q}_seconds`)).toBeGreaterThanOrEqual(0);
    expect(s.value("nodejs_eventloop_lag_p50_seconds")).toBeLessThanOrEqual(s.value("nodejs_eventloop_lag_max_seconds"));
    const gcBefore = s.value("nodejs_gc_runs_total", { kind: "minor" });
    // Garbage made here, in the server's process (the stack runs in-process), is collected.
    for (let i = 0; i < 200; i++) void new Array(10_000).fill({ i });
    await vi.waitFor(async () => expect((await read()).value("nodejs_gc_runs_total", { kind: "minor" })).toBeGreaterThan(gcBefore));
  });
});
