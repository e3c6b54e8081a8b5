// SIGTERM or SIGINT to `npm start` as a supervisor sends it, with clients attached: sockets get
// 1001 going_away, SSE streams end, a change still waiting in the hub's write-behind is flushed,
// npm and node exit 0, and nothing of the process tree is left behind.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createStorage } from "unstorage";
import { afterEach, beforeAll, expect, it } from "vitest";
import { tempDir } from "./_test/harness-fs.ts";
import { sseClients } from "./_test/sse-client.ts";
import { wsClients } from "./_test/ws-client.ts";
import { createSimulator } from "./simulator/index.ts";
import { fsAtomicDriver } from "./storage/fs-atomic.ts";

const KENJI = "463338282680454615";
const ws = wsClients();
const sse = sseClients();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  ws.closeAll();
  sse.closeAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// `npm start` builds a missing or stale dist/ first; do it once here, outside the timed start.
beforeAll(() => void spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" }), 180_000);

it.each(["SIGTERM", "SIGINT"] as const)("%s to npm start: 1001 to sockets, streams end, last change flushed, exit 0, no orphan", async (signal) => {
  const sim = await createSimulator({ personas: true, script: false });
  cleanups.push(() => sim.close());
  const dir = tempDir();
  cleanups.push(() => dir.remove());
  // Its own process group, so what is left of the tree afterwards can be checked.
  const proc = spawn("npm", ["start"], {
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: "0",
      HOST: "127.0.0.1",
      STORAGE: `fs:${dir.path}`,
      DISCORD_TOKEN: "test.bot.token",
      DISCORD_API_URL: sim.apiUrl,
      DISCORD_CDN_URL: sim.cdnUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(proc, "exit");
  cleanups.push(() => _alive(proc.pid!) && process.kill(-proc.pid!, "SIGKILL"));
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let found: string | undefined;
    proc.once("exit", (code) => reject(new Error(`exited ${code}: ${lines.join(" | ")}`)));
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        found ??= /listening on (http:\S+)/.exec(line)?.[1];
        if (found && /gateway ready/.test(line)) resolve(found);
      });
    }
  });

  const socket = await ws.open(`${url.replace("http", "ws")}/socket`);
  await socket.next();
  socket.send({ op: 2, d: { subscribe_to_id: KENJI } });
  await socket.until((m) => m.t === "INIT_STATE");
  const stream = await sse.open(`${url}/v1/users/${KENJI}/events`);
  await stream.until((e) => e.event === "init");
  sim.setPresence(KENJI, { status: "dnd", activities: [], client_status: { web: "dnd" } });
  await socket.until((m) => m.t === "PRESENCE_UPDATE" && m.d.discord_status === "dnd");
  // At once: the hub writes behind within 1 s, so only the shutdown's flush can have stored it.
  proc.kill(signal);

  expect(await socket.closed).toEqual({ code: 1001, reason: "going_away" });
  await stream.ended;
  const [code] = await exited;
  expect(code).toBe(0);
  expect(lines.some((line) => line.endsWith(`[presence-kit] ${signal}: shutting down`))).toBe(true);
  // npm passed the signal to node (no shell in between) and waited: the group is empty.
  expect(_alive(proc.pid!)).toBe(false);
  const storage = createStorage({ driver: fsAtomicDriver({ base: dir.path }) });
  const record = (await storage.getItem(`users:${KENJI}`)) as { state: { presence: { status: string } } };
  expect(record.state.presence.status).toBe("dnd");
  await storage.dispose();
});

/** Whether any process of the group led by `pid` still exists. */
function _alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
