// bench/big: presence-kit with 50,000 monitored users (the simulator's members, all online, each
// with Spotify + VS Code), all on 127.0.0.1. Measures time to ready, hub writes per member during
// the member sync, time to first byte and to complete init of one `subscribe_to_all` and one
// `?all=true`, and /health p50/p99/max from another process, idle and while 10 all-subscribers
// connect. Baseline: a raw server sending a prebuilt buffer of the init's size; and, with
// BENCH_BIG_BEFORE=<dir of another checkout>, the same run on that code.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { openRawWs } from "../server/_test/raw-ws.ts";
import { spawnServer } from "../server/_test/processes.ts";
import { spawnSimulator, table } from "./_lib.ts";

const MEMBERS = Number(process.env.BENCH_BIG_MEMBERS ?? 50_000);
const CLIENTS = Number(process.env.BENCH_BIG_CLIENTS ?? 10);
const BEFORE = process.env.BENCH_BIG_BEFORE;

export async function benchBig(): Promise<string> {
  const sim = await spawnSimulator(["--members", String(MEMBERS)], "bench/big-sim.ts");
  const rows: Array<Record<string, string | number>> = [];
  const health: Array<Record<string, string | number>> = [];
  try {
    let size = 0;
    for (const [name, cwd] of [["presence-kit", undefined], ...(BEFORE ? [["before (" + BEFORE + ")", BEFORE]] : [])] as Array<[string, string | undefined]>) {
      const r = await _target(sim.url, cwd);
      size = r.size;
      rows.push({ target: name, "ready s": r.ready, "hub writes / member": r.writes, ..._init(r) });
      for (const [phase, h] of Object.entries(r.health)) health.push({ target: name, phase, ...h });
    }
    const raw = await _raw(size);
    rows.push({ target: "raw server, prebuilt buffer of the same size (baseline)", "ready s": "—", "hub writes / member": "—", ..._init(raw) });
  } finally {
    await sim.stop();
  }
  return [
    `### big: ${MEMBERS.toLocaleString("en")} monitored users, all online with activities (load average ${_load()})\n`,
    table(rows),
    `\n### big: /health from another process, idle and while ${CLIENTS} all-subscribers read their init\n`,
    table(health),
    "",
  ].join("\n");
}

// --- internal ---

interface InitTimes {
  size: number;
  ws: { first: number; done: number };
  sse: { first: number; done: number };
}

function _init(r: InitTimes) {
  return {
    "init MB": (r.size / 1e6).toFixed(1),
    "WS first byte ms": Math.round(r.ws.first),
    "WS complete ms": Math.round(r.ws.done),
    "SSE first byte ms": Math.round(r.sse.first),
    "SSE complete ms": Math.round(r.sse.done),
  };
}

async function _target(simUrl: string, cwd: string | undefined) {
  const started = performance.now();
  const server = await spawnServer(
    { DISCORD_TOKEN: "bench", DISCORD_API_URL: `${simUrl}/api`, STORAGE: "memory", RATE_LIMIT_REST: "0", RATE_LIMIT_SOCKETS: "0" },
    { cwd },
  );
  try {
    await server.waitFor(/gateway ready/, 120_000);
    _log(`ready at ${server.url}`);
    const ready = ((performance.now() - started) / 1000).toFixed(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const changes = Number(/^presence_kit_hub_changes_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
    const writes = (changes / MEMBERS).toFixed(2);
    const ws = await _wsInit(server.url);
    _log("one subscribe_to_all done");
    const sse = await _sseInit(server.url);
    _log("one ?all=true done");
    const phases = {
      idle: await _probe(server.url, () => new Promise((resolve) => setTimeout(resolve, 2000))),
      [`${CLIENTS} × subscribe_to_all`]: await _probe(server.url, () => Promise.all(Array.from({ length: CLIENTS }, () => _wsInit(server.url)))),
      [`${CLIENTS} × ?all=true`]: await _probe(server.url, () => Promise.all(Array.from({ length: CLIENTS }, () => _sseInit(server.url)))),
    };
    return { ready, writes, size: sse.size, ws, sse, health: phases };
  } finally {
    await server.stop();
    _log("server stopped");
  }
}

/** One `subscribe_to_all`: ms from op 2 to the INIT_STATE's first frame and to its last. */
async function _wsInit(base: string, path = "/socket"): Promise<{ first: number; done: number; size: number }> {
  const raw = await openRawWs(`${base.replace("http", "ws")}${path}`);
  const hello = raw.frames.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => raw.onFrameEnd(() => resolve()));
  if (path === "/socket") await hello;
  const start = performance.now();
  let first = 0;
  const seen = raw.frames.length;
  const done = new Promise<number>((resolve) => {
    raw.onFrame(() => void (first ||= performance.now() - start));
    raw.onFrameEnd((f) => raw.frames.length > seen && f.fin && resolve(performance.now() - start));
  });
  raw.send({ op: 2, d: { subscribe_to_all: true } });
  const ms = await done;
  const size = raw.bytes;
  raw.socket.destroy();
  return { first, done: ms, size };
}

/** One `?all=true`: ms from the request to the init's first byte and to its end. */
function _sseInit(base: string, path = "/v1/events?all=true"): Promise<{ first: number; done: number; size: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let first = 0;
    let size = 0;
    let started = false;
    let tail = "";
    const req = request(`${base}${path}`, { headers: { accept: "text/event-stream" } }, (res) => {
      res.on("data", (chunk: Buffer) => {
        const text = tail + chunk.toString("latin1");
        tail = text.slice(-32);
        if (!started) {
          const at = text.indexOf("data: {");
          if (at < 0 && !text.startsWith("x")) return;
          (started = true), (first = performance.now() - start);
        }
        size += chunk.length;
        // The raw baseline sends no event framing: it ends the response instead.
        if (text.includes("}\n\n")) finish();
      });
      res.on("end", finish);
    });
    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      resolve({ first, done: performance.now() - start, size });
      req.destroy();
    }
    req.on("error", reject);
    req.end();
  });
}

/** /health latency from a prober process while `during` runs. */
async function _probe(base: string, during: () => Promise<unknown>) {
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/big-probe.ts", base], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  // Warm the prober's connection first; samples count from "go".
  await new Promise((resolve) => setTimeout(resolve, 500));
  proc.stdin!.write("go\n");
  await during();
  proc.stdin!.end();
  const { value } = await lines.next();
  const { count, p50, p99, max } = JSON.parse(value as string);
  return { requests: count, "p50 ms": p50.toFixed(1), "p99 ms": p99.toFixed(1), "max ms": Math.round(max) };
}

async function _raw(size: number): Promise<InitTimes> {
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/big-raw-server.ts", String(size)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  const url = /(http:\/\/\S+)/.exec((await lines.next()).value as string)![1];
  _log(`raw baseline at ${url}`);
  try {
    const ws = await _wsInit(url, "/");
    const sse = await _sseInit(url, "/");
    return { size, ws, sse };
  } finally {
    proc.kill();
  }
}

function _log(line: string) {
  console.error(`[bench] big: ${line}`);
}

function _load(): string {
  return loadavg().map((n) => n.toFixed(2)).join(" ");
}
