// `npm start` as a user runs it: a real process, configured only by environment variables.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./_test/harness-fs.ts";
import { createSimulator } from "./simulator/index.ts";

const procs: ChildProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) (p.kill("SIGKILL"), await once(p, "exit"));
});

/** Starts `server/index.ts` like `npm start` does, collecting its output lines. */
function start(env: Record<string, string>) {
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  procs.push(proc);
  const lines: string[] = [];
  const waiters: Array<[RegExp, (m: RegExpExecArray) => void]> = [];
  for (const stream of [proc.stdout!, proc.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      for (const w of [...waiters]) {
        const m = w[0].exec(line);
        if (m) waiters.splice(waiters.indexOf(w), 1), w[1](m);
      }
    });
  }
  return {
    proc,
    lines,
    waitFor(re: RegExp): Promise<RegExpExecArray> {
      const hit = lines.map((l) => re.exec(l)).find(Boolean);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        waiters.push([re, resolve]);
        proc.once("exit", (code) => reject(new Error(`exited ${code} before ${re}: ${lines.join(" | ")}`)));
      });
    },
    async exit(): Promise<number | null> {
      if (proc.exitCode !== null) return proc.exitCode;
      const [code] = await once(proc, "exit");
      return code as number | null;
    },
  };
}

describe("npm start", () => {
  it("runs the demo without a token: simulator, fs storage, personas served; SIGTERM flushes and exits 0", async () => {
    const dir = tempDir();
    try {
      const app = start({ PORT: "0", HOST: "127.0.0.1", STORAGE: `fs:${dir.path}` });
      const [, url] = await app.waitFor(/listening on (http:\/\/\S+)/);
      await app.waitFor(/gateway ready: 1 guild\(s\), \d+ member\(s\)/);
      expect(app.lines.join("\n")).toMatch(/demo mode/);
      const health = await (await fetch(`${url}/health`)).json();
      expect(health.data.gateway.state).toBe("ready");
      const root = await (await fetch(url)).json();
      expect(root.data.monitored_user_count).toBeGreaterThanOrEqual(6);
      app.proc.kill("SIGTERM");
      expect(await app.exit()).toBe(0);
      expect(existsSync(dir.path) && readdirSync(dir.path).length).toBeGreaterThan(0);
    } finally {
      dir.remove();
    }
  });

  it("connects to the Discord implementation named by DISCORD_API_URL and DISCORD_TOKEN", async () => {
    const sim = await createSimulator({ script: false, token: "secret.token" });
    try {
      const app = start({ PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", DISCORD_TOKEN: "secret.token", DISCORD_API_URL: sim.apiUrl });
      const [, url] = await app.waitFor(/listening on (http:\/\/\S+)/);
      await app.waitFor(/gateway ready/);
      expect(app.lines.join("\n")).not.toMatch(/demo mode/);
      const id = sim.members().find((u) => !u.bot)!.id;
      const res = await fetch(`${url}/v1/users/${id}`);
      expect(res.status).toBe(200);
      expect(sim.stats.identifies).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it("reports a rejected token in /health and the log instead of crashing", async () => {
    const sim = await createSimulator({ script: false, token: "secret.token" });
    try {
      const app = start({ PORT: "0", HOST: "127.0.0.1", STORAGE: "memory", DISCORD_TOKEN: "wrong", DISCORD_API_URL: sim.apiUrl });
      const [, url] = await app.waitFor(/listening on (http:\/\/\S+)/);
      await app.waitFor(/rejected DISCORD_TOKEN/);
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(503);
      expect((await res.json()).data.gateway.state).toBe("failed");
    } finally {
      await sim.close();
    }
  });

  it.each([
    [{ PORT: "http" }, /PORT must be/],
    [{ STORAGE: "mysql://x" }, /STORAGE must be/],
    [{ DISCORD_API_URL: "https://discord.com/api/v10", DISCORD_TOKEN: "t" }, /DISCORD_API_URL must be/],
  ])("stops with one clear line for invalid %o", async (env, message) => {
    const app = start({ STORAGE: "memory", ...env } as Record<string, string>);
    expect(await app.exit()).toBe(1);
    expect(app.lines).toHaveLength(1);
    expect(app.lines[0]).toMatch(message);
  });

  it("refuses a busy PORT instead of answering on another one", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const app = start({ PORT: String(port), HOST: "127.0.0.1", STORAGE: "memory" });
      expect(await app.exit()).toBe(1);
      expect(app.lines.join("\n")).toMatch(new RegExp(`PORT ${port} .*not available`));
    } finally {
      blocker.close();
    }
  });
});

describe("the server entry's command line", () => {
  it.each([["--version"], ["-v"]])("%s prints package.json's version and exits 0 without starting", async (arg) => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    const out = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts", arg], { encoding: "utf8" });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(`${version}\n`);
  });

  it("--help lists the environment variables; an unknown argument exits 2 with the help", () => {
    const help = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    for (const name of ["DISCORD_TOKEN", "BOT_TOKEN", "REDIS_HOST", "LOG_LEVEL", "LOG_FORMAT", "/livez"]) expect(help.stdout).toContain(name);
    const bad = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts", "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/^unknown argument: --nope\n/);
  }, 60_000);
});
