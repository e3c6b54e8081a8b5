// SIGTERM to a real `server/index.ts` process with clients attached: sockets get 1001 going_away,
// SSE streams end, a change still waiting in the hub's write-behind is flushed, and it exits 0.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createStorage } from "unstorage";
import { afterEach, expect, it } from "vitest";
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

it("SIGTERM: closes sockets with 1001, ends streams, flushes the last change, exits 0", async () => {
  const sim = await createSimulator({ personas: true, script: false });
  cleanups.push(() => sim.close());
  const dir = tempDir();
  cleanups.push(() => dir.remove());
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
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
  cleanups.push(() => proc.exitCode === null && proc.kill("SIGKILL"));
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
  proc.kill("SIGTERM");

  expect(await socket.closed).toEqual({ code: 1001, reason: "going_away" });
  await stream.ended;
  const [code] = await exited;
  expect(code).toBe(0);
  expect(lines).toContain("[presence-kit] SIGTERM: shutting down");
  const storage = createStorage({ driver: fsAtomicDriver({ base: dir.path }) });
  const record = (await storage.getItem(`users:${KENJI}`)) as { state: { presence: { status: string } } };
  expect(record.state.presence.status).toBe("dnd");
  await storage.dispose();
});
