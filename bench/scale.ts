// bench/scale: presence-kit split over Redis (ROLE=gateway + ROLE=api), all on 127.0.0.1.
// 1. Cross-process delivery latency at a steady rate (target p99 ≤ 50 ms at 1,000 updates/s):
//    simulator → gateway (discord.js, hub) → Redis pub/sub → api (hub) → SSE subscriber, timed in
//    this process from the trigger to the delivery; side by side with one ROLE=all process (no
//    Redis hop) and a raw ioredis PUBLISH → subscriber round trip of the same payload size.
// 2. Fan-out throughput of one api process vs two (N SSE subscribers of one user, spread evenly).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { startRedis, type RedisServer } from "../server/_test/redis.ts";
import { spawnServer, type ServerProcess } from "../server/_test/processes.ts";
import { PERSONAS } from "../server/simulator/index.ts";
import { median, spawnSimulator, table } from "./_lib.ts";
import { openSseStream } from "./scale-sse.ts";

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const N = Number(process.env.BENCH_SUBSCRIBERS ?? 4000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const USERS = [PERSONAS.coder.id, PERSONAS.moon.id, PERSONAS.gamer.id, PERSONAS.cycler.id];
const FANOUT_USER = PERSONAS.coder.id;

export async function benchScale(): Promise<string> {
  const redis = await startRedis();
  try {
    const latency: Array<Record<string, string | number>> = [];
    const targets: Array<[string, () => Promise<Latency>]> = [
      ["raw ioredis PUBLISH → subscriber (baseline)", () => _rawPubSub(redis.url)],
      ["presence-kit, one process (ROLE=all, memory)", () => _cluster(redis, 0, (urls, sim) => _paced(urls[0], sim))],
      ["presence-kit, gateway → Redis → api", () => _cluster(redis, 1, (urls, sim) => _paced(urls[0], sim))],
    ];
    for (const [target, run] of targets) {
      const runs: Latency[] = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await run());
      latency.push({
        target,
        "sent/s": Math.round(median(runs.map((x) => x.rate))),
        delivered: `${median(runs.map((x) => x.delivered))}/${runs[0].sent}`,
        "p50 ms": _round(median(runs.map((x) => x.p50))),
        "p99 ms": _round(median(runs.map((x) => x.p99))),
        "max ms": Math.round(median(runs.map((x) => x.max))),
      });
    }
    const throughput: Array<Record<string, string | number>> = [];
    let one = 0;
    for (const apis of [1, 2]) {
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await _cluster(redis, apis, (urls, sim, pids) => _fanout(urls, sim, pids), true));
      const perSecond = median(runs.map((x) => x.perSecond));
      if (apis === 1) one = perSecond;
      throughput.push({
        "api processes": apis,
        "deliveries/s": Math.round(perSecond),
        "× one api": (perSecond / one).toFixed(2),
        "p50 ms": median(runs.map((x) => x.p50)),
        "p99 ms": median(runs.map((x) => x.p99)),
        "api CPU ms per 1k deliveries (all)": median(runs.map((x) => x.cpuPerK)).toFixed(1),
        "busiest api": median(runs.map((x) => x.maxCpuPerK)).toFixed(1),
      });
    }
    return [
      `### scale: delivery latency at ${RATE} updates/s for ${SECONDS} s (${USERS.length} users, one SSE subscriber, median of ${ROUNDS})\n`,
      table(latency),
      `\n### scale: fan-out of one update to ${N} SSE subscribers, one api process vs two (${UPDATES} updates, median of ${ROUNDS})\n`,
      table(throughput),
      "",
    ].join("\n");
  } finally {
    await redis.close();
  }
}

// --- internal ---

interface Latency {
  rate: number;
  sent: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Starts a simulator, then either one ROLE=all process (`apis` = 0) or a gateway and `apis` api
 * processes (with `pin`, api i on core i % 2), runs `work` with the api URLs, stops everything.
 */
async function _cluster<T>(
  redis: RedisServer,
  apis: number,
  work: (urls: string[], sim: string, pids: number[]) => Promise<T>,
  pin = false,
): Promise<T> {
  const sim = await spawnSimulator(["--no-script"]);
  const env = { DISCORD_TOKEN: "bench", DISCORD_API_URL: `${sim.url}/api`, RATE_LIMIT_REST: "0", RATE_LIMIT_SOCKETS: "0", MAX_SUBSCRIPTION_IDS: "500" };
  const procs: ServerProcess[] = [];
  try {
    await _flushAll(redis.url);
    if (apis === 0) {
      procs.push(await spawnServer({ ...env, STORAGE: "memory" }));
      await procs[0].waitFor(/gateway ready/, 60_000);
      return await work([procs[0].url], sim.url, [procs[0].proc.pid!]);
    }
    const cluster = { ...env, STORAGE: redis.url };
    procs.push(await spawnServer({ ...cluster, ROLE: "gateway" }));
    await procs[0].waitFor(/gateway ready/, 60_000);
    for (let i = 0; i < apis; i++) procs.push(await spawnServer({ ...cluster, ROLE: "api" }, pin ? { cpus: String(i % 2) } : {}));
    await Promise.all(procs.map((p) => p.waitFor(/gateway ready/, 60_000)));
    return await work(procs.slice(1).map((p) => p.url), sim.url, procs.slice(1).map((p) => p.proc.pid!));
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await sim.stop();
  }
}

/** RATE presence updates per second for SECONDS through the simulator; one SSE stream times them. */
async function _paced(api: string, sim: string): Promise<Latency> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const stream = _sse(`${api}/v1/events?ids=${USERS.join(",")}`, (data) => {
    const seq = Number(/"details":"seq (\d+)"/.exec(data)?.[1]);
    const t = sentAt.get(seq);
    if (t !== undefined) latencies.push(performance.now() - t), sentAt.delete(seq);
  });
  await stream.ready;
  // Three seconds at the same rate first, not measured: a fresh process needs about two to
  // compile its hot paths and drain the backlog they build (p50 ≈ 700 ms in the first second).
  const warm = RATE * 3;
  const total = warm + RATE * SECONDS;
  const start = performance.now();
  let seq = 0;
  const inflight = new Set<Promise<unknown>>();
  // Ticks of 10 ms, each sending what the schedule owes: a steady rate, not bursts of a second.
  while (seq < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    while (seq < due) {
      seq += 1;
      const body = JSON.stringify({
        user_id: USERS[seq % USERS.length],
        status: "online",
        client_status: { desktop: "online" },
        activities: [{ name: "Visual Studio Code", type: 0, details: `seq ${seq}`, application_id: "383226320970055681" }],
      });
      const mine = seq;
      if (seq > warm) sentAt.set(seq, performance.now());
      // A refused trigger (a keep-alive socket closing under us) just counts as not delivered.
      const p = fetch(`${sim}/_sim/presence`, { method: "POST", headers: { "content-type": "application/json" }, body })
        .then((r) => r.arrayBuffer(), () => sentAt.delete(mine));
      inflight.add(p), void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  // Give the last deliveries a bounded moment to arrive.
  const until = Date.now() + 2000;
  while (latencies.length < total - warm && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  stream.close();
  return { rate: Math.round(total / elapsed), ..._summary(latencies, total - warm) };
}

/** A raw ioredis round trip: PUBLISH on one connection, a subscriber on another, same rate and size. */
async function _rawPubSub(url: string): Promise<Latency> {
  const pub = new Redis(url);
  const sub = new Redis(url);
  const latencies: number[] = [];
  const sentAt = new Map<number, number>();
  sub.on("message", (_channel: string, text: string) => {
    const seq = Number(text.slice(0, text.indexOf(" ")));
    latencies.push(performance.now() - sentAt.get(seq)!);
  });
  await sub.subscribe("bench:raw");
  const pad = "x".repeat(2000); // about one presence record
  const total = RATE * SECONDS;
  const start = performance.now();
  let seq = 0;
  while (seq < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    while (seq < due) sentAt.set(++seq, performance.now()), void pub.publish("bench:raw", `${seq} ${pad}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsed = (performance.now() - start) / 1000;
  const until = Date.now() + 2000;
  while (latencies.length < total && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  pub.disconnect();
  sub.disconnect();
  return { rate: Math.round(total / elapsed), ..._summary(latencies, total) };
}

async function _fanout(urls: string[], sim: string, pids: number[]) {
  const cpuBefore = pids.map(_cpuMs);
  const args = JSON.stringify({
    urls: urls.map((u) => `${u}/v1/users/${FANOUT_USER}/events`),
    trigger: `${sim}/_sim/presence`,
    triggerBody: JSON.stringify({
      user_id: FANOUT_USER,
      status: "online",
      client_status: { desktop: "online" },
      activities: [{ name: "Visual Studio Code", type: 0, details: "Editing file $N.ts", state: "Workspace: bench", application_id: "383226320970055681", timestamps: { start: 1 } }],
    }),
    count: N,
    updates: UPDATES,
  });
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/scale-load.ts", args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  proc.stdout!.on("data", (c) => (out += c));
  const [code] = await once(proc, "exit");
  const result = JSON.parse(out.trim().split("\n").pop() ?? "{}");
  if (code !== 0 || result.error) throw new Error(`load generator failed (${code}): ${out}`);
  // CPU the api processes spent on this load, per 1,000 deliveries: how the work divides.
  const cpu = pids.map((pid, i) => _cpuMs(pid) - cpuBefore[i]);
  const perK = (ms: number) => (ms / result.delivered) * 1000;
  return { ...(result as { perSecond: number; p50: number; p99: number; delivered: number }), cpuPerK: perK(cpu.reduce((a, b) => a + b, 0)), maxCpuPerK: perK(Math.max(...cpu)) };
}

function _round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function _summary(latencies: number[], sent: number) {
  const s = latencies.toSorted((a, b) => a - b);
  const pct = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
  return { sent, delivered: s.length, p50: pct(0.5), p99: pct(0.99), max: Math.round(s.at(-1) ?? 0) };
}

/** One SSE stream: `ready` once it has sent `init`, `onData` with each `presence` frame. */
function _sse(url: string, onData: (frame: string) => void) {
  let close = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    close = openSseStream(url, { init: resolve, presence: onData, error: reject });
  });
  return { ready, close: () => close() };
}

/** User + system CPU time of a process so far, in ms (Linux /proc). */
function _cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
}

async function _flushAll(url: string) {
  const client = new Redis(url);
  await client.flushall();
  client.disconnect();
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchScale());
