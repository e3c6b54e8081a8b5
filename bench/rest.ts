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
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median, spawnSimulator, table, type Child } from "./_lib.ts";
import { atOnce, summary } from "./rest-at-once.ts";
import { layerCosts } from "./rest-layers.ts";
import { freshSets, setRows } from "./rest-pairs.ts";
import { captureAnswers, startKit, startRaw } from "./rest-servers.ts";
import { cardsVsRest } from "./rest-vs-rest.ts";
import { capture, wrk, type WrkResult } from "./rest-wrk.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const AT_ONCE_ROUNDS = Number(process.env.BENCH_AT_ONCE_ROUNDS ?? 5);
const AT_ONCE_SECONDS = 2;
// Fresh process sets for REST alone (bench/rest-pairs.ts), after the main run; 0 skips them.
const SETS = Number(process.env.BENCH_SETS ?? 4);
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
    servers["presence-kit"] = await startKit(base);
    // The same server with every budget on (never reached): the rate limiter's share.
    servers["presence-kit, rate limits on"] = await startKit({ ...base, RATE_LIMIT_REST: "1000000", RATE_LIMIT_CARDS: "1000000", RATE_LIMIT_WINDOW: "1" });
    const answers = join(dir, "answers.json");
    await captureAnswers(servers["presence-kit"], PATHS.map(([, path, headers]) => [path, headers] as const), answers);
    servers["raw node:http"] = await startRaw(answers, "node");
    servers["bare h3 on srvx"] = await startRaw(answers, "h3");
    // The control: raw's handler inside a presence-kit process (bench/rest-in-process.mjs), asked
    // only on the first row, where it tells the process's cost from the fast path's.
    const control = "raw handler in a presence-kit process";
    servers[control] = await startKit({ ...base, BENCH_ANSWERS: answers }, "./bench/rest-in-process.mjs");
    // presence-kit runs right after raw, the control and presence-kit with rate limits on right
    // after that, so each ratio compares neighbouring runs.
    const order = ["raw node:http", "presence-kit", control, "presence-kit, rate limits on", "bare h3 on srvx"];
    const asked = (label: string, name: string) => name !== control || label === PATHS[0]![0];
    // Warm-up: the first card renders (and satori loads its fonts) outside the measured rounds, and
    // each path is asked under load for a moment first, so every server is measured with its code
    // optimised (a cold presence-kit card path measured ≈ 0.65× its warm rate).
    for (const name of order) for (const [label, path, headers] of PATHS) if (asked(label, name)) await capture(servers[name]!.url + path, headers);
    for (const name of order) for (const [label, path, headers] of PATHS) if (asked(label, name)) wrk(servers[name]!.url + path, headers, servers[name]!.proc.pid!, WARMUP, CONNECTIONS);
    const results = new Map<string, WrkResult[]>();
    const add = (key: string, result: WrkResult) => results.set(key, [...(results.get(key) ?? []), result]);
    const kit = servers["presence-kit"]!;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, path, headers] of PATHS) {
        for (const name of order) if (asked(label, name)) add(`${label}|${name}`, wrk(servers[name]!.url + path, headers, servers[name]!.proc.pid!, SECONDS, CONNECTIONS));
        // The goal for cards and quicklinks is a share of REST's rate: REST is asked right after.
        if (_VS_REST.test(label)) add(`${label}|REST`, wrk(kit.url + REST_PATH, {}, kit.proc.pid!, SECONDS, CONNECTIONS));
      }
    }
    // The first row and the cards once more, each server loaded at the same time as raw.
    const atOnceRows = [];
    for (const [label, path, headers] of PATHS.filter(([label], i) => i === 0 || /card/.test(label))) {
      for (const name of ["presence-kit", control].filter((name) => asked(label, name))) {
        const sides = [servers["raw node:http"]!, servers[name]!].map((server) => ({ url: server.url + path, headers }));
        const { median: ratio, range } = summary(await atOnce(sides[0]!, sides[1]!, { rounds: AT_ONCE_ROUNDS, seconds: AT_ONCE_SECONDS, connections: CONNECTIONS }));
        atOnceRows.push({ request: label, server: name, "× raw, loaded at once (median of rounds)": ratio, "× raw range": range });
      }
    }
    // The main run's processes are stopped first, so each fresh set has the machine to itself.
    for (const server of Object.values(servers)) await server.stop();
    const sets = PATHS[0]![1] === REST_PATH && SETS > 0
      ? await freshSets({ env: base, paths: PATHS.map(([, path, headers]) => [path, headers]), dir, sets: SETS, warmupSeconds: WARMUP, rounds: 3, seconds: AT_ONCE_SECONDS, connections: CONNECTIONS })
      : [];
    const compare = PATHS.filter(([label]) => _VS_REST.test(label)).map(([label]) => label);
    const vsRestAtOnce = PATHS[0]![1] === REST_PATH && compare.length
      ? await cardsVsRest({ env: base, paths: PATHS, compare, dir, warmupSeconds: WARMUP, rounds: 3, seconds: AT_ONCE_SECONDS, connections: CONNECTIONS })
      : [];
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
    const atOnceHead = `The same requests with the server loaded at the same time as raw node:http (both on core 0, one wrk each on core 1; ${AT_ONCE_ROUNDS} rounds of ${AT_ONCE_SECONDS} s): the core's time is shared between the two, so the ratio is that of their costs per request, and a slow second of the host slows both.`;
    const setsHead = `\`/v1/users/:id\` in ${SETS} fresh sets of processes (raw, presence-kit, the control, a second raw), each warmed on every row, then loaded at once against raw (3 rounds of ${AT_ONCE_SECONDS} s per set):`;
    const setsPart = sets.length ? `\n${setsHead}\n\n${table(setRows(sets))}\n` : "";
    const vsRestHead = `Cached cards and quicklinks against \`/v1/users/:id\`, loaded at once: two fresh presence-kit processes, each warmed on every row, one asked the card and the other REST, then swapped (3 rounds of ${AT_ONCE_SECONDS} s each way); two raw node:http processes serving the same bytes, the same way:`;
    const vsRestPart = vsRestAtOnce.length ? `\n${vsRestHead}\n\n${table(vsRestAtOnce)}\n` : "";
    return `${head}\n\n${table(rows)}\n${paired}${vsRestPart}\n${atOnceHead}\n\n${table(atOnceRows)}\n${setsPart}\n${layerHead}\n\n${table(layers)}\n\n${limitedLine}\n`;
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

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchRest());
