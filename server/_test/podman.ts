// Podman for the container tests: whether it is here, the base-image stand-ins, and one build of
// the project's Dockerfile per test run, with this machine's CA bundle for npm inside the build.
import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Whether `podman` and `podman-compose` are installed (`.ci/run` installs them). */
export const hasPodman = ["podman", "podman-compose"].every((cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0);

/** Runs `podman args…`, resolving with its standard output. */
export async function podman(...args: string[]): Promise<string> {
  const { stdout } = await run("podman", args, { maxBuffer: 16 << 20 });
  return stdout.trim();
}

/**
 * Builds the Dockerfile as `tag`, making the base-image stand-ins first where the image registry
 * is out of reach (`.ci/container-stand-ins.sh`, idempotent).
 */
export async function buildImage(tag: string): Promise<void> {
  await _exec("bash", [".ci/container-stand-ins.sh"]);
  const ca = "/etc/ssl/certs/ca-certificates.crt";
  const caArgs = existsSync(ca) ? ["-v", "/etc/ssl/certs:/etc/ssl/certs:ro", "--build-arg", `NPM_CONFIG_CAFILE=${ca}`] : [];
  // Docker format keeps HEALTHCHECK (the OCI format has no such field).
  await _exec("podman", ["build", "--format", "docker", "--pull=never", "--network=host", ...caArgs, "-t", tag, "."]);
}

/** A free TCP port on 127.0.0.1 (for a container's published port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Resolves once `url` answers 200; the container is still starting until then. */
export async function until200(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const res = await fetch(url).catch((error: Error) => error);
    if (!(res instanceof Error) && res.status === 200) return;
    last = res instanceof Error ? res.message : `HTTP ${res.status}`;
    // Polling is the only way to learn that another process's port opened.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${last})`);
}

// --- internal ---

/** Runs a command with its output kept for the error message only. */
function _exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => out.push(b));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${Buffer.concat(out).toString().slice(-4000)}`));
    });
  });
}

/** `podman-compose` with `env` added, resolving once it exits 0. */
export function compose(args: string[], env: Record<string, string>): Promise<void> {
  return _exec("podman-compose", args, { ...process.env, ...env });
}
