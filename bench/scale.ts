// bench/scale: presence-kit split over Redis (ROLE=gateway + ROLE=api), all on 127.0.0.1.
// 1. Cross-process delivery latency at a steady rate (target p99 ≤ 50 ms at 1,000 updates/s):
//    simulator → gateway (discord.js, hub) → Redis pub/sub → api (hub) → SSE subscriber, timed in
//    this process from the trigger to the delivery; side by side with one ROLE=all process (no
//    Redis hop) and a raw ioredis PUBLISH → subscriber round trip of the same payload size.
// 2. Fan-out throughput of one api process vs two (N SSE subscribers of one user, spread evenly).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { Redis } from "ioredis";
import { startRedis, type RedisServer } from "../server/_test/redis.ts";
import { spawnServer, type ServerProcess } from "../server/_test/processes.ts";
import { PERSONAS } from "../server/simulator/index.ts";
import { median, spawnSimulator, table } from "./_lib.ts";

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
    const latency = [
      { target: "raw ioredis PUBLISH → subscriber (baseline)", ...(await _rawPubSub(redis.url)) },
      { target: "presence-kit, one process (ROLE=all, memory)", ...(await _cluster(redis, 0, (urls, sim) => _paced(urls[0], sim))) },
      { target: "presence-kit, gateway → Redis → api", ...(await _cluster(redis, 1, (urls, sim) => _paced(urls[0], sim))) },
    ];
    const throughput: Array<Record<string, string | number>> = [];
    let one = 0;
    for (const apis of [1, 2]) {
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await _cluster(redis, apis, (urls, sim) => _fanout(urls, sim)));
      const perSecond = median(runs.map((x) => x.perSecond));
      if (apis === 1) one = perSecond;
      throughput.push({
        "api processes": apis,
        "deliveries/s": perSecond,
        "× one api": (perSecond / one).toFixed(2),
        "p50 ms": median(runs.map((x) => x.p50)),
        "p99 ms": median(runs.map((x) => x.p99)),
      });
    }
    const rows = latency.map((l) => ({ target: l.target, "sent/s": l.rate, delivered: `${l.delivered}/${l.sent}`, "p50 ms": l.p50, "p99 ms": l.p99, "max ms": l.max }));
    return [
      `### scale: delivery latency at ${RATE} updates/s for ${SECONDS} s (${USERS.length} users, one SSE subscriber)\n`,
      table(rows),
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
 * processes (api i pinned to core i % 2), runs `work` with the api URLs, stops everything.
 */
async function _cluster<T>(redis: RedisServer, apis: number, work: (urls: string[], sim: string) => Promise<T>): Promise<T> {
  const sim = await spawnSimulator(["--no-script"]);
  const env = { DISCORD_TOKEN: "bench", DISCORD_API_URL: `${sim.url}/api`, RATE_LIMIT_REST: "0", RATE_LIMIT_SOCKETS: "0", MAX_SUBSCRIPTION_IDS: "500" };
  const procs: ServerProcess[] = [];
  try {
    await _flushAll(redis.url);
    if (apis === 0) {
      procs.push(await spawnServer({ ...env, STORAGE: "memory" }));
      await procs[0].waitFor(/gateway ready/, 60_000);
      return await work([procs[0].url], sim.url);
    }
    const cluster = { ...env, STORAGE: redis.url };
    procs.push(await spawnServer({ ...cluster, ROLE: "gateway" }));
    await procs[0].waitFor(/gateway ready/, 60_000);
    for (let i = 0; i < apis; i++) procs.push(await spawnServer({ ...cluster, ROLE: "api" }, { cpus: String(i % 2) }));
    await Promise.all(procs.map((p) => p.waitFor(/gateway ready/, 60_000)));
    return await work(procs.slice(1).map((p) => p.url), sim.url);
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
  const total = RATE * SECONDS;
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
      sentAt.set(seq, performance.now());
      const p = fetch(`${sim}/_sim/presence`, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.arrayBuffer());
      inflight.add(p), void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  // Give the last deliveries a bounded moment to arrive.
  const until = Date.now() + 2000;
  while (latencies.length < total && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  stream.close();
  return { rate: Math.round(total / elapsed), ..._summary(latencies, total) };
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

async function _fanout(urls: string[], sim: string) {
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
  return result as { perSecond: number; p50: number; p99: number };
}

function _summary(latencies: number[], sent: number) {
  const s = latencies.toSorted((a, b) => a - b);
  const pct = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
  return { sent, delivered: s.length, p50: pct(0.5), p99: pct(0.99), max: Math.round(s.at(-1) ?? 0) };
}

/** A minimal SSE reader: calls `onData` with each `presence` event's data. */
function _sse(url: string, onData: (data: string) => void) {
  let close = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf("\n\n")) !== -1) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (frame.includes("event: init")) resolve();
          else if (frame.includes("event: presence")) onData(frame);
        }
      });
    });
    req.on("error", reject);
    req.end();
    close = () => req.destroy();
  });
  return { ready, close: () => close() };
}

async function _flushAll(url: string) {
  const client = new Redis(url);
  await client.flushall();
  client.disconnect();
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchScale());
