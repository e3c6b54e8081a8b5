// Server processes for cross-process tests: `server/index.ts` spawned as `npm start` runs it,
// configured only by environment variables, its log lines awaited as events.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** A spawned presence-kit process. */
export interface ServerProcess {
  proc: ChildProcess;
  /** Its `http://127.0.0.1:port`, once it listens. */
  url: string;
  lines: string[];
  /** Resolves with the first log line (past or future) matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The environment of a `ROLE=gateway` + `ROLE=api` pair over one Redis, against the simulator,
 * with rate limits off (tests hit 127.0.0.1 hard). Add `ROLE` per process.
 * @example
 * const env = splitStackEnv(redis.url, sim);
 * const gateway = await spawnServer({ ...env, ROLE: "gateway" });
 */
export function splitStackEnv(
  redisUrl: string,
  sim: { apiUrl: string; cdnUrl: string; spotifyImageUrl: string },
): Record<string, string> {
  return {
    STORAGE: redisUrl,
    DISCORD_TOKEN: "test.bot.token",
    DISCORD_API_URL: sim.apiUrl,
    DISCORD_CDN_URL: sim.cdnUrl,
    SPOTIFY_IMAGE_URL: sim.spotifyImageUrl,
    RATE_LIMIT_REST: "0",
    RATE_LIMIT_SOCKETS: "0",
  };
}

/**
 * Spawns a server and resolves once it listens (use `waitFor(/gateway ready/)` for more).
 * @example
 * const api = await spawnServer({ ROLE: "api", STORAGE: redis.url });
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { cpus?: string; cwd?: string } = {},
): Promise<ServerProcess> {
  const proc = _spawn(env, options.cpus, options.cwd);
  const lines: string[] = [];
  const waiters = new Set<{ re: RegExp; hit: (m: RegExpExecArray) => void }>();
  for (const stream of [proc.stdout!, proc.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const w of waiters) {
        const m = w.re.exec(line);
        if (m) waiters.delete(w), w.hit(m);
      }
    });
  }
  const exited = once(proc, "exit");
  const waitFor = (re: RegExp, timeoutMs = 15_000) => {
    const past = lines.map((l) => re.exec(l)).find(Boolean);
    if (past) return Promise.resolve(past);
    return new Promise<RegExpExecArray>((resolve, reject) => {
      const fail = (why: string) => reject(new Error(`${why} before ${re}: ${lines.slice(-10).join(" | ")}`));
      const timer = setTimeout(() => (waiters.delete(w), fail("timed out")), timeoutMs);
      const w = { re, hit: (m: RegExpExecArray) => (clearTimeout(timer), resolve(m)) };
      waiters.add(w);
      void exited.then(() => (clearTimeout(timer), fail("exited")));
    });
  };
  const [, url] = await waitFor(/listening on (http:\/\/[^\s"]+)/);
  return {
    proc,
    url,
    lines,
    waitFor,
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}

/** Runs a server that is expected to stop on its own (bad configuration): its exit code and lines. */
export async function runServerToExit(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const proc = _spawn(env);
  const lines: string[] = [];
  for (const stream of [proc.stdout!, proc.stderr!]) createInterface({ input: stream }).on("line", (l) => lines.push(l));
  const [code] = await once(proc, "close");
  return { code: code as number | null, lines };
}

// --- internal ---

// `cwd` runs another checkout's server (a benchmark's "before" side).
function _spawn(env: Record<string, string>, cpus?: string, cwd?: string): ChildProcess {
  const node = [process.execPath, "--import", "tsx", "server/index.ts"];
  // Benchmarks pin a server to cores with taskset (`cpus: "0"`).
  const cmd = cpus ? ["taskset", "-c", cpus, ...node] : node;
  return spawn(cmd[0], cmd.slice(1), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    cwd,
  });
}
