// A real redis-server (`REDIS_SERVER`, else the one on PATH; see programs.ts) for tests: a free 127.0.0.1 port, a temporary directory, the
// append-only file fsynced on every write, so a restart on the same port and directory keeps
// every acknowledged write.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { tempDir } from "./harness-fs.ts";
import { findProgram, kRedisServer } from "./programs.ts";

/** A running (or stopped) redis-server owned by a test. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  readonly running: boolean;
  /** Stops the server (SIGTERM, then waits for the exit). */
  stop(): Promise<void>;
  /** Kills the server like a crash (SIGKILL: nothing in flight is answered), waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts `redis-server` and resolves once it logs "Ready to accept connections".
 * @example
 * const redis = await startRedis();
 * afterAll(() => redis.close());
 */
export async function startRedis(): Promise<RedisServer> {
  const dir = tempDir();
  const port = await _freePort();
  let proc: ChildProcess | undefined;
  async function _start() {
    proc = await _spawn(port, dir.path);
  }
  async function _stop(signal: NodeJS.Signals = "SIGTERM") {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    p.kill(signal);
    await once(p, "exit");
  }
  await _start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return proc !== undefined;
    },
    stop: () => _stop(),
    kill: () => _stop("SIGKILL"),
    restart: async () => (await _stop(), await _start()),
    async close() {
      await _stop();
      dir.remove();
    },
  };
}

// --- internal ---

async function _spawn(port: number, dir: string): Promise<ChildProcess> {
  const args = [
    "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
    "--appendfsync", "always", "--dir", dir, "--protected-mode", "no",
  ];
  const proc = spawn(findProgram(kRedisServer), args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server not ready: ${lines.join(" | ")}`)), 10_000);
    proc.once("exit", (code) => (clearTimeout(timer), reject(new Error(`redis-server exited ${code}: ${lines.join(" | ")}`))));
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      lines.push(line);
      if (/Ready to accept connections/.test(line)) clearTimeout(timer), resolve();
    });
    createInterface({ input: proc.stderr! }).on("line", (line) => lines.push(line));
  });
  proc.stdout!.resume();
  // A test runner that dies must not leave the server behind.
  process.once("exit", () => proc.kill("SIGKILL"));
  return proc;
}

function _freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
