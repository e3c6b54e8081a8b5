// bench/rest: wrk against raw node:http, a bare h3 v2 app on srvx and presence-kit, in alternating
// rounds of one run. Each baseline answers every path with the exact status, headers and bytes
// presence-kit answered (captured first), so the ratio is the cost of presence-kit's stack. Every
// server is pinned to core 0 and only the one under load is busy; wrk runs on core 1. On a shared
// (virtual) machine the rate moves from one run to the next by more than the difference measured,
// so each ratio is taken within a round, between runs made one right after the other (presence-kit
// straight after raw; a cached card or quicklink straight before presence-kit's `/v1/users/:id`),
// and the table gives the median of those per-round ratios with the CPU time the host took away
// (steal) beside it.
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { cpuNs, median, spawnSimulator, spawnUntil, table, type Child } from "./_lib.ts";
import { layerCosts } from "./rest-layers.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const USER = "293673602384003625"; // the `coder` persona (VS Code)
const IDLE = "697252410556547946"; // custom status only: its cards never draw a clock
const BROWSER = { "accept-encoding": "gzip, deflate, br" };
const REST_PATH = `/v1/users/${USER}`;
// Rows whose goal is a share of REST's rate.
const _VS_REST = /card|quicklink/;

/** Rows: what is asked, of which path, with which request headers. */
const ALL_PATHS: Array<[string, string, Record<string, string>]> = [
  ["`GET /v1/users/:id`", REST_PATH, {}],
  ["`GET /v1/presence/:id` (Tether)", `/v1/presence/${USER}`, {}],
  ["`GET /v1/users/:id` with `Origin` (CORS)", `/v1/users/${USER}?cors`, { origin: "https://example.com" }],
  ["`GET /health`", "/health", {}],
  ["404 (unknown route)", "/nope", {}],
  ["404 (unknown user)", "/v1/users/123456789012345678", {}],
  ["`GET /openapi.json` (brotli)", "/openapi.json", BROWSER],
  ["cached SVG card (gzip)", `/cards/${IDLE}.svg`, BROWSER],
  ["cached PNG card", `/cards/${IDLE}.png`, BROWSER],
  ["quicklink `/:id.png`", `/${USER}.png`, {}],
];
// `BENCH_PATHS=card,users` runs only the rows whose label contains one of the words.
const PATHS = process.env.BENCH_PATHS ? ALL_PATHS.filter(([label]) => process.env.BENCH_PATHS!.split(",").some((w) => label.includes(w))) : ALL_PATHS;

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  /** wrk's socket errors (connect, read, write, timeout) in the run. */
  socketErrors: number;
  /** Server CPU per answered request, in µs: what a dedicated core would make of it. */
  cpuUsPerRequest: number;
  /** Share of the run the host took from the server's core (`steal` in `/proc/stat`), in %. */
  stealPercent: number;
}

/** Runs the bench and returns its Markdown section. */
export async function benchRest(): Promise<string> {
  if (spawnSync("wrk", ["--version"]).error) throw new Error("bench/rest needs wrk: apt-get install wrk");
  const load = [`before: ${loadavg().map((l) => l.toFixed(2)).join(", ")}`];
  const sim = await spawnSimulator(["--no-script"]);
  const dir = mkdtempSync(join(tmpdir(), "pk-rest-"));
  const servers: Record<string, Child & { url: string }> = {};
  try {
    const base = { PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", DISCORD_TOKEN: "bench", DISCORD_API_URL: `${sim.url}/api`, DISCORD_CDN_URL: `${sim.url}/cdn`, SPOTIFY_IMAGE_URL: `${sim.url}/spotify/image`, RATE_LIMIT_REST: "0", RATE_LIMIT_CARDS: "0" };
    // presence-kit as `npm start` runs it: the production build (built first when stale).
    if (spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" }).status !== 0) throw new Error("build failed");
    const pk = ["taskset", "-c", "0", process.execPath, "dist/server/index.mjs"];
    servers["presence-kit"] = await spawnUntil(pk, base, /gateway ready/);
    // The same server with every budget on (never reached): the rate limiter's share.
    servers["presence-kit, rate limits on"] = await spawnUntil(pk, { ...base, RATE_LIMIT_REST: "1000000", RATE_LIMIT_CARDS: "1000000", RATE_LIMIT_WINDOW: "1" }, /gateway ready/);
    const captured: Record<string, unknown> = {};
    for (const [, path, headers] of PATHS) captured[path] = await _capture(servers["presence-kit"].url + path, headers);
    writeFileSync(join(dir, "answers.json"), JSON.stringify(captured));
    for (const mode of ["node", "h3"]) {
      const cmd = ["taskset", "-c", "0", process.execPath, "--import", "tsx", "bench/rest-raw-server.ts", mode, join(dir, "answers.json")];
      servers[mode === "node" ? "raw node:http" : "bare h3 on srvx"] = await spawnUntil(cmd, {}, /listening/);
    }
    // The control: raw's handler inside a presence-kit process (bench/rest-in-process.mjs), asked
    // only on the first row, where it tells the process's cost from the fast path's.
    const control = "raw handler in a presence-kit process";
    const inProcess = ["taskset", "-c", "0", process.execPath, "--import", "./bench/rest-in-process.mjs", "dist/server/index.mjs"];
    servers[control] = await spawnUntil(inProcess, { ...base, BENCH_ANSWERS: join(dir, "answers.json") }, /gateway ready/);
    // presence-kit runs right after raw, the control and presence-kit with rate limits on right
    // after that, so each ratio compares neighbouring runs.
    const order = ["raw node:http", "presence-kit", control, "presence-kit, rate limits on", "bare h3 on srvx"];
    const asked = (label: string, name: string) => name !== control || label === PATHS[0]![0];
    // Warm-up: the first card renders (and satori loads its fonts) outside the measured rounds, and
    // each path is asked under load for a moment first, so every server is measured with its code
    // optimised (a cold presence-kit card path measured ≈ 0.65× its warm rate).
    for (const name of order) for (const [label, path, headers] of PATHS) if (asked(label, name)) await _capture(servers[name]!.url + path, headers);
    for (const name of order) for (const [label, path, headers] of PATHS) if (asked(label, name)) _wrk(servers[name]!.url + path, headers, servers[name]!.proc.pid!, WARMUP);
    const results = new Map<string, WrkResult[]>();
    const add = (key: string, result: WrkResult) => results.set(key, [...(results.get(key) ?? []), result]);
    const kit = servers["presence-kit"]!;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, path, headers] of PATHS) {
        for (const name of order) if (asked(label, name)) add(`${label}|${name}`, _wrk(servers[name]!.url + path, headers, servers[name]!.proc.pid!));
        // The goal for cards and quicklinks is a share of REST's rate: REST is asked right after.
        if (_VS_REST.test(label)) add(`${label}|REST`, _wrk(kit.url + REST_PATH, {}, kit.proc.pid!));
      }
    }
    load.push(`after: ${loadavg().map((l) => l.toFixed(2)).join(", ")}`);
    const rows = [];
    const vsRest = [];
    for (const [label] of PATHS) {
      const raw = results.get(`${label}|raw node:http`)!;
      for (const name of order) {
        const r = results.get(`${label}|${name}`);
        if (!r) continue;
        const rps = r.map((x) => x.rps);
        const ratios = _perRound(r, raw);
        rows.push({
          request: label,
          server: name,
          "req/s (median)": Math.round(median(rps)),
          "req/s range": `${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}`,
          "× raw (median of rounds)": median(ratios).toFixed(2),
          "× raw range": _range(ratios),
          "p50 ms": median(r.map((x) => x.p50)).toFixed(2),
          "p99 ms": median(r.map((x) => x.p99)).toFixed(2),
          "server CPU µs/req": median(r.map((x) => x.cpuUsPerRequest)).toFixed(1),
          "× raw (CPU)": median(_perRound(r, raw, _byCpu)).toFixed(2),
          "steal %": median(r.map((x) => x.stealPercent)).toFixed(0),
          "socket errors": r.reduce((sum, x) => sum + x.socketErrors, 0),
        });
      }
      const rest = results.get(`${label}|REST`);
      if (rest) {
        const own = results.get(`${label}|presence-kit`)!;
        const ratios = _perRound(own, rest);
        vsRest.push({
          request: label,
          "req/s (median)": Math.round(median(own.map((x) => x.rps))),
          "`/v1/users/:id` req/s, run right after (median)": Math.round(median(rest.map((x) => x.rps))),
          "× REST (median of rounds)": median(ratios).toFixed(2),
          "× REST range": _range(ratios),
          "× REST (CPU)": median(_perRound(own, rest, _byCpu)).toFixed(2),
        });
      }
    }
    // The rate limiter with wrk: the same server with budgets on against off, round by round.
    const limited = PATHS.map(([label]) => median(_perRound(results.get(`${label}|presence-kit, rate limits on`)!, results.get(`${label}|presence-kit`)!)));
    const costs = layerCosts();
    const perRequestNs = 1000 * median(results.get(`${PATHS[0]![0]}|presence-kit`)!.map((x) => x.cpuUsPerRequest));
    const layers = Object.entries(costs)
      .filter(([name]) => !name.startsWith("_"))
      .map(([layer, ns]) => ({ layer, "ns per request": Math.round(ns), "share of one `/v1/users/:id` request": `${((ns / perRequestNs) * 100).toFixed(1)} %` }));
    const head = `### rest (wrk -t1 -c${CONNECTIONS}, ${SECONDS} s × ${ROUNDS} alternating rounds, server on core 0, wrk on core 1; load average ${load.join(" / ")})`;
    const restHead = `Cached cards and quicklinks against presence-kit's \`/v1/users/:id\`, each round's card run followed at once by a REST run:`;
    const layerHead = `Rules' own CPU per request (in-process, ${Math.round(perRequestNs)} ns = presence-kit's server CPU per \`/v1/users/:id\` request above):`;
    const limitedLine = `With wrk, presence-kit with every budget on (never reached) answers at ${Math.min(...limited).toFixed(2)}–${Math.max(...limited).toFixed(2)}× the req/s of the same server with budgets off across the rows (median of rounds per row).`;
    const paired = vsRest.length ? `\n${restHead}\n\n${table(vsRest)}\n` : "";
    return `${head}\n\n${table(rows)}\n${paired}\n${layerHead}\n\n${table(layers)}\n\n${limitedLine}\n`;
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- internal ---

/** Round by round, how `runs` compare with the `against` run of the same round (1 = equal; by req/s or by CPU). */
function _perRound(runs: WrkResult[], against: WrkResult[], ratio = (x: WrkResult, y: WrkResult) => x.rps / y.rps): number[] {
  return runs.map((x, i) => ratio(x, against[i]!));
}

/** The CPU ratio: the baseline's CPU per request over this run's (higher is better, as req/s). */
function _byCpu(x: WrkResult, y: WrkResult): number {
  return y.cpuUsPerRequest / x.cpuUsPerRequest;
}

function _range(ratios: number[]): string {
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

function _wrk(url: string, headers: Record<string, string>, pid: number, seconds = SECONDS): WrkResult {
  const args = ["1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency"];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  const cpuBefore = cpuNs(pid);
  const stealBefore = _steal();
  const out = spawnSync("taskset", ["-c", ...args, url], { encoding: "utf8" }).stdout;
  const cpu = cpuNs(pid) - cpuBefore;
  const steal = _steal() - stealBefore;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  // A wrong status is a broken bench; socket errors (timeouts on a loaded machine) are reported.
  if (!(rps > 0) || (/Non-2xx/.test(out) && !/nope|123456789012345678/.test(url))) {
    throw new Error(`wrk failed on ${url}:\n${out}`);
  }
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  return {
    rps,
    p50: _ms(/50%\s+([\d.]+)(us|ms|s)/.exec(out)),
    p99: _ms(/99%\s+([\d.]+)(us|ms|s)/.exec(out)),
    socketErrors,
    cpuUsPerRequest: cpu / 1000 / requests,
    stealPercent: (100 * steal) / (seconds * _TICKS_PER_SECOND),
  };
}

// `/proc/stat` counts in USER_HZ ticks, 100 per second on Linux.
const _TICKS_PER_SECOND = 100;

/** Ticks the host has taken from core 0 (the servers' core) so far: the 8th field of `cpu0`. */
function _steal(): number {
  const line = /^cpu0 (.*)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1];
  return Number(line?.trim().split(/\s+/)[7] ?? 0);
}

function _ms(m: RegExpExecArray | null): number {
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n;
}

/** One answer as sent (status, headers but Node's own, bytes), to be replayed by the baselines. */
function _capture(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Array<[string, string]>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          if (!["date", "connection", "keep-alive", "content-length", "transfer-encoding"].includes(name)) pairs.push([name, res.rawHeaders[i + 1]!]);
        }
        if (res.statusCode! >= 500) reject(new Error(`${url} answered ${res.statusCode}`));
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString("base64") });
      });
    })
      .on("error", reject)
      .end();
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchRest());
