// bench/rest's measurements: one wrk run with the server's CPU time and the host's steal over it,
// and the capture of an answer the baselines replay byte for byte.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { cpuNs } from "./_lib.ts";

/** What one wrk run measured. */
export interface WrkResult {
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

/** One wrk run of `seconds` on core 1 against a server whose process is `pid`, with its figures. */
export function wrk(url: string, headers: Record<string, string>, pid: number, seconds: number, connections: number): WrkResult {
  const cpuBefore = cpuNs(pid);
  const stealBefore = _steal();
  const [command, ...args] = wrkCommand(url, headers, seconds, connections);
  const out = spawnSync(command!, args, { encoding: "utf8" }).stdout;
  const cpu = cpuNs(pid) - cpuBefore;
  const steal = _steal() - stealBefore;
  const rps = requestsPerSecond(out);
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

/** The command line of one wrk run on core 1 (one thread, latency percentiles on). */
export function wrkCommand(url: string, headers: Record<string, string>, seconds: number, connections: number): string[] {
  const command = ["taskset", "-c", "1", "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  for (const [k, v] of Object.entries(headers)) command.push("-H", `${k}: ${v}`);
  return [...command, url];
}

/** The req/s wrk printed (`NaN` when it printed none). */
export function requestsPerSecond(out: string): number {
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
}

/** One answer as sent (status, headers but Node's own, bytes), to be replayed by the baselines. */
export function capture(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Array<[string, string]>; body: string }> {
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

// --- internal ---

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
