/**
 * Startup to ready: CPU seconds and resident memory of a demo-mode server from spawn until its
 * gateway is ready, for the TypeScript sources through tsx (how `npm start` ran before the
 * production build) and the esbuild bundle in dist/, alternating in one run, beside a bare
 * `node` process as the floor. Reads /proc (Linux). `npm run bench -- startup`.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";

const ROUNDS = 5;
const TICKS = 100; // USER_HZ on Linux

/** Runs the rounds and returns a Markdown table. */
export async function benchStartup(): Promise<string> {
  const variants: Record<string, string[]> = {
    "bare node (floor)": ["-e", "console.log('gateway ready'); setInterval(() => {}, 1000)"],
    "tsx: node --import tsx server/index.ts": ["--import", "tsx", "server/index.ts"],
    "bundle: node dist/server/index.mjs": ["dist/server/index.mjs"],
  };
  const results = new Map<string, Array<{ cpu: number; rss: number; ms: number }>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, args] of Object.entries(variants)) {
      const one = await _measure(args);
      results.set(name, [...(results.get(name) ?? []), one]);
    }
  }
  const load = loadavg().map((l) => l.toFixed(2)).join(", ");
  let out = `### Startup to ready (demo mode, STORAGE=memory; ${ROUNDS} rounds, ${cpus().length} CPUs, load ${load})\n\n`;
  out += "| process | CPU s (median, range) | RSS MB (median, range) | wall ms (median) |\n|---|---|---|---|\n";
  for (const [name, runs] of results) {
    const cpu = runs.map((r) => r.cpu);
    const rss = runs.map((r) => r.rss);
    out += `| ${name} | ${_med(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)}) | `;
    out += `${_med(rss).toFixed(0)} (${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)}) | ${_med(runs.map((r) => r.ms)).toFixed(0)} |\n`;
  }
  return out;
}

// --- internal ---

function _med(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Spawns, waits for "gateway ready", reads the process's CPU ticks and VmRSS, kills it. */
async function _measure(args: string[]): Promise<{ cpu: number; rss: number; ms: number }> {
  const started = performance.now();
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", HOST: "127.0.0.1", STORAGE: "memory" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const deadline = setTimeout(() => proc.kill("SIGKILL"), 120_000);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on("line", (line) => /gateway ready/.test(line) && resolve());
    proc.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code} before ready`)));
  });
  const ms = performance.now() - started;
  const stat = readFileSync(`/proc/${proc.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const cpu = (Number(stat[11]) + Number(stat[12])) / TICKS;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))![1]) / 1024;
  clearTimeout(deadline);
  proc.kill("SIGKILL");
  await new Promise((resolve) => proc.once("exit", resolve));
  return { cpu, rss, ms };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchStartup());
