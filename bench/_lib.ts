import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";

/** A child process, stopped by `stop()`. */
export interface Child {
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the standalone simulator in its own process (so it does not share the measured heap) and
 * resolves with its base URL, read from the line it prints.
 */
export async function spawnSimulator(
  args: string[],
  script = "server/simulator/cli.ts",
): Promise<Child & { url: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", script, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
    lines.on("line", (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  return { proc, url, stop: () => _stop(proc) };
}

/** Runs a TypeScript worker in a fresh process with `--expose-gc` and parses its last JSON line. */
export async function runWorker<T>(file: string, args: string[]): Promise<T> {
  const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", file, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout!.on("data", (chunk) => (out += chunk));
  const [code] = await once(proc, "exit");
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0) throw new Error(`${file} exited with ${code}: ${last}`);
  return JSON.parse(last) as T;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Prints a Markdown table. */
export function table(rows: Array<Record<string, string | number>>): string {
  const keys = Object.keys(rows[0] ?? {});
  const line = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  return [line(keys), line(keys.map(() => "---")), ...rows.map((r) => line(keys.map((k) => r[k])))].join("\n");
}

/**
 * Spawns a command and resolves once a line of its output matches `ready`, with the first
 * `http://127.0.0.1:port` it printed (simulator lines skipped).
 */
export async function spawnUntil(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<Child & { url: string }> {
  const proc = spawn(cmd[0]!, cmd.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let url = "";
  await new Promise<void>((resolve, reject) => {
    proc.once("exit", (c) => reject(new Error(`${cmd.join(" ")} exited with ${c}`)));
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+)/.exec(line);
        if (m && !url && !/simulator/.test(line)) url = m[1]!.replace("localhost", "127.0.0.1");
        if (ready.test(line)) resolve();
      });
    }
  });
  return { proc, url, stop: () => _stop(proc) };
}

/**
 * CPU time a process has run so far, all its threads together, in ns (from
 * each `/proc/PID/task/TID/schedstat`): what one side of a comparison cost, whatever else the machine runs.
 */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {} // a thread that just ended
  }
  return total;
}

// --- internal ---

async function _stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  await once(proc, "exit");
}
