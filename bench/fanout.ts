// bench/fanout: one update fanned out to N WebSocket subscribers and, separately, N SSE
// subscribers of presence-kit, side by side with a raw `ws` server and a raw node:http SSE server
// sending the same bytes, in the same run. Server pinned to core 0, load generator to core 1.
// Targets: ≥ 0.8× the raw baseline at 10,000 subscribers, with p99 and server CPU per delivery
// reported beside raw's; ≤ 16 KB per idle subscriber.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median, spawnSimulator, spawnUntil, table } from "./_lib.ts";

const N = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PERSONA = "293673602384003625";
/** Which transports to measure, e.g. `BENCH_KINDS=ws`. */
const KINDS = (process.env.BENCH_KINDS ?? "ws,sse").split(",") as Array<"ws" | "sse">;

interface LoadResult {
  delivered: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Trigger to the first delivery of an update (median): the path before the fan-out. */
  firstMs: number;
  cpuNsPerDelivery: number;
  rssBaseKB: number;
  rssIdleKB: number;
  rssAfterKB: number;
}

export async function benchFanout(): Promise<string> {
  const rows: Array<Record<string, string | number>> = [];
  const load = [`before ${_load1()}`];
  for (const kind of KINDS) {
    const ours: LoadResult[] = [];
    const raw: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await _presenceKit(kind));
      raw.push(await _raw(kind));
      const [o, r] = [ours.at(-1)!, raw.at(-1)!];
      console.error(`${kind} round ${round + 1}: ${o.perSecond}/s vs raw ${r.perSecond}/s (${(o.perSecond / r.perSecond).toFixed(2)}×), load ${_load1()}`);
    }
    for (const [name, results] of [[`presence-kit ${kind}`, ours], [`raw ${kind === "ws" ? "ws" : "node:http SSE"}`, raw]] as const) {
      rows.push({
        target: name,
        "deliveries/s": median(results.map((r) => r.perSecond)),
        "× raw": (median(results.map((r) => r.perSecond)) / median(raw.map((r) => r.perSecond))).toFixed(2),
        "p50 ms": median(results.map((r) => r.p50)),
        "p99 ms": median(results.map((r) => r.p99)),
        "first ms": median(results.map((r) => r.firstMs)),
        "server CPU µs/delivery": (median(results.map((r) => r.cpuNsPerDelivery)) / 1000).toFixed(2),
        "CPU × raw": (median(results.map((r) => r.cpuNsPerDelivery)) / median(raw.map((r) => r.cpuNsPerDelivery))).toFixed(2),
        "KB/idle subscriber": (median(results.map((r) => (r.rssIdleKB - r.rssBaseKB) / N))).toFixed(1),
        "server RSS MB": Math.round(median(results.map((r) => r.rssAfterKB)) / 1024),
      });
    }
  }
  load.push(`after ${_load1()}`);
  const title = `fanout (${N} subscribers, ${UPDATES} updates each, median of ${ROUNDS})`;
  return `### ${title}\n\n${table(rows)}\n\nLoad average: ${load.join(", ")}.\n`;
}

// --- internal ---

async function _presenceKit(kind: "ws" | "sse"): Promise<LoadResult> {
  const sim = await spawnSimulator(["--no-script"]);
  const server = await spawnUntil(
    ["taskset", "-c", "0", process.execPath, "--import", "tsx", "server/index.ts"],
    // Every load connection comes from 127.0.0.1: the per-address limits would refuse most of them.
    { PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", DISCORD_TOKEN: "bench", DISCORD_API_URL: `${sim.url}/api`, MAX_SUBSCRIPTION_IDS: "500", RATE_LIMIT_SOCKETS: "0", RATE_LIMIT_REST: "0" },
    /gateway ready/,
  );
  try {
    const base = server.url;
    return await _load(kind, server.proc.pid!, {
      url: kind === "ws" ? `${base.replace("http", "ws")}/socket` : `${base}/v1/users/${PERSONA}/events`,
      subscribe: kind === "ws" ? JSON.stringify({ op: 2, d: { subscribe_to_id: PERSONA } }) : undefined,
      trigger: `${sim.url}/_sim/presence`,
      triggerBody: JSON.stringify({
        user_id: PERSONA,
        status: "online",
        client_status: { desktop: "online" },
        activities: [{ name: "Visual Studio Code", type: 0, details: "Editing file $N.ts", state: "Workspace: bench", application_id: "383226320970055681", timestamps: { start: 1 } }],
      }),
    });
  } finally {
    await _stop(server.proc);
    await sim.stop();
  }
}

async function _raw(kind: "ws" | "sse"): Promise<LoadResult> {
  // The raw servers send what presence-kit sends: a real presence of the same persona.
  const sim = await spawnSimulator(["--no-script"]);
  const pk = await spawnUntil([process.execPath, "--import", "tsx", "server/index.ts"], {
    PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", DISCORD_TOKEN: "bench", DISCORD_API_URL: `${sim.url}/api`,
  }, /gateway ready/);
  const data = JSON.stringify({ ...(await (await fetch(`${pk.url}/v1/users/${PERSONA}`)).json()).data, user_id: PERSONA });
  await _stop(pk.proc);
  await sim.stop();
  const dir = mkdtempSync(join(tmpdir(), "pk-fanout-"));
  const file = join(dir, "message.json");
  writeFileSync(file, kind === "ws" ? `{"op":0,"seq":1,"t":"PRESENCE_UPDATE","d":${data}}` : data);
  const server = await spawnUntil(["taskset", "-c", "0", process.execPath, "--import", "tsx", "bench/fanout-raw-server.ts", kind, file], {}, /listening/);
  try {
    return await _load(kind, server.proc.pid!, {
      url: kind === "ws" ? server.url.replace("http", "ws") : `${server.url}/`,
      trigger: `${server.url}/broadcast`,
      triggerBody: "{}",
    });
  } finally {
    await _stop(server.proc);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function _load(kind: "ws" | "sse", pid: number, target: { url: string; subscribe?: string; trigger: string; triggerBody: string }): Promise<LoadResult> {
  const args = JSON.stringify({ kind, count: N, updates: UPDATES, ...target });
  const proc = spawn("taskset", ["-c", "1", process.execPath, "--import", "tsx", "bench/fanout-load.ts", args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, TARGET_PID: String(pid) },
  });
  let out = "";
  proc.stdout!.on("data", (c) => (out += c));
  const [code] = await once(proc, "exit");
  const result = JSON.parse(out.trim().split("\n").pop() ?? "{}");
  if (code !== 0 || result.error) throw new Error(`load generator failed (${code}): ${out}`);
  return result as LoadResult;
}

function _load1(): string {
  return loadavg().map((l) => l.toFixed(2)).join(" ");
}

async function _stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  await once(proc, "exit");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchFanout());
