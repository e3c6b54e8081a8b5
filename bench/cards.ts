// bench/cards: card render time on a render-cache miss (next to satori + resvg alone on the same
// element), cached card requests per second next to `GET /v1/users/:id` in the same run, and memory
// over many renders. Server pinned to core 0, all on 127.0.0.1, bounded in count and time.
// Targets: SVG ≤ 5 ms and PNG ≤ 10 ms median, cached hits ≥ 0.8× REST, flat memory.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { Agent, get } from "node:http";
import { createInterface } from "node:readline";
import { median, runWorker, spawnSimulator, table } from "./_lib.ts";

const SAMPLES = Number(process.env.BENCH_CARD_SAMPLES ?? 300);
const RENDERS = Number(process.env.BENCH_CARD_RENDERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 16;
// What browsers and GitHub's image proxy send; an SVG card is then served gzipped (REST is not).
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? "gzip, deflate, br";
const IDLE = "697252410556547946"; // custom status only: its cards never draw a clock
const SPOTIFY = "293673602384003625"; // progress bar: re-rendered once a second

interface RenderResult {
  timings: Record<string, { median: number; p99: number; rawMedian: number; rawP99: number }>;
  renders: number;
  memory: Record<"before" | "half" | "after", { rss: number; heap: number }>;
}

const TARGETS = {
  "`GET /v1/users/:id` (baseline)": `/v1/users/${IDLE}`,
  "profile SVG, cached": `/cards/${IDLE}.svg`,
  "profile PNG, cached": `/cards/${IDLE}.png`,
  "spotify SVG (re-rendered each second)": `/cards/${SPOTIFY}.svg?card=spotify`,
  "spotify PNG (re-rendered each second)": `/cards/${SPOTIFY}.png?card=spotify`,
};

export async function benchCards(): Promise<string> {
  const render = await runWorker<RenderResult>("bench/cards-render.ts", [String(SAMPLES), String(RENDERS)]);
  const renderRows = Object.entries(render.timings).map(([card, t]) => ({
    "card, cache miss": card,
    "median ms": t.median,
    "p99 ms": t.p99,
    "satori + resvg alone, median ms": t.rawMedian,
    "× alone": (t.median / t.rawMedian).toFixed(2),
    target: card.endsWith("svg") ? "≤ 5 ms" : "≤ 10 ms",
  }));
  const rates = await _throughput();
  const rest = rates[Object.keys(TARGETS)[0]!]!;
  const [base, baseCpu] = [median(rest.map((r) => r.perSecond)), median(rest.map((r) => r.perCpuSecond))];
  const httpRows = Object.entries(rates).map(([name, r]) => {
    const [rate, cpu] = [median(r.map((x) => x.perSecond)), median(r.map((x) => x.perCpuSecond))];
    return {
      request: name,
      "req/s (median)": Math.round(rate),
      "× REST": (rate / base).toFixed(2),
      "req per server CPU-s": Math.round(cpu),
      "× REST (CPU)": (cpu / baseCpu).toFixed(2),
    };
  });
  const m = render.memory;
  const memRows = (["before", "half", "after"] as const).map((k) => ({
    point: { before: "after warm-up", half: `after ${render.renders / 2} renders`, after: `after ${render.renders} renders` }[k],
    "RSS MB": m[k].rss,
    "heap MB": m[k].heap,
  }));
  return [
    `### cards (render: ${SAMPLES} samples each; HTTP: ${CONCURRENCY} connections, ${SECONDS} s × ${ROUNDS} ` +
      `rounds, accept-encoding "${ACCEPT_ENCODING}")\n`,
    table(renderRows),
    "",
    table(httpRows),
    "",
    table(memRows),
    "",
  ].join("\n");
}

// --- internal ---

async function _throughput(): Promise<Record<string, Rate[]>> {
  const sim = await spawnSimulator(["--no-script"]);
  const server = spawn("taskset", ["-c", "0", process.execPath, "--import", "tsx", "bench/cards-server.ts", sim.url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      server.once("exit", (code) => reject(new Error(`bench/cards-server.ts exited with ${code}`)));
      createInterface({ input: server.stdout! }).on("line", (l) => l.startsWith("{") && resolve(l));
    });
    const { url } = JSON.parse(line) as { url: string };
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const rates: Record<string, Rate[]> = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, []]));
    for (const path of Object.values(TARGETS)) await _request(agent, url + path); // images, first render
    // The load generator (this process) gets the other core.
    spawnSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
    // Rounds interleave the targets so drift on the machine hits them alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, path] of Object.entries(TARGETS)) rates[name]!.push(await _load(agent, url + path, server.pid!));
    }
    agent.destroy();
    return rates;
  } finally {
    spawnSync("taskset", ["-p", "-c", "0-1", String(process.pid)], { stdio: "ignore" });
    server.kill("SIGTERM");
    if (server.exitCode === null) await once(server, "exit");
    await sim.stop();
  }
}

interface Rate {
  /** Requests per second the load generator got through. */
  perSecond: number;
  /** Requests per second of server CPU (user + system): the server's capacity, whoever is the bottleneck. */
  perCpuSecond: number;
}

async function _load(agent: Agent, url: string, serverPid: number): Promise<Rate> {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  const t0 = performance.now();
  const cpu0 = _cpuSeconds(serverPid);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await _request(agent, url);
        done++;
      }
    }),
  );
  const cpu = _cpuSeconds(serverPid) - cpu0;
  return { perSecond: done / ((performance.now() - t0) / 1000), perCpuSecond: done / cpu };
}

/** utime + stime of a process from /proc, in seconds (clock ticks are 1/100 s on Linux). */
function _cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function _request(agent: Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { "accept-encoding": ACCEPT_ENCODING } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
      res.resume();
      res.once("end", resolve);
    }).once("error", reject);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCards());
