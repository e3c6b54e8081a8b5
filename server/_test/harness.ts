import { loadConfig, type Config } from "../config.ts";
import type { HubChange } from "../presence/hub.ts";
import { startServer, type RunningServer, type StartOptions } from "../runtime.ts";
export { tempDir } from "./harness-fs.ts";
import { createSimulator, type Simulator, type SimulatorOptions } from "../simulator/index.ts";

/** A simulator plus a presence-kit server connected to it, both on 127.0.0.1 ephemeral ports. */
export interface Stack {
  sim: Simulator;
  server: RunningServer;
  config: Config;
  /** GET a path on the server, parsed as JSON. */
  get(path: string): Promise<{ status: number; body: any; headers: Headers }>;
  /** Resolves with the next hub change that matches. */
  nextChange(match: (change: HubChange) => boolean, timeoutMs?: number): Promise<HubChange>;
  close(): Promise<void>;
}

/**
 * Starts a simulator and a server fed by it, and waits until the initial member sync is done.
 * @example
 * const stack = await startStack();
 * afterAll(() => stack.close());
 */
export async function startStack(
  options: {
    /** Simulator options, or a running simulator to use (then left running on close). */
    sim?: SimulatorOptions | Simulator;
    env?: Record<string, string>;
    storageDir?: string;
    /** Extra server options, e.g. `{ sockets: { heartbeatIntervalMs: 100 } }`. */
    start?: StartOptions;
  } = {},
): Promise<Stack> {
  const given = options.sim && "apiUrl" in options.sim ? options.sim : undefined;
  const sim = given ?? (await createSimulator({ personas: true, script: false, ...(options.sim as SimulatorOptions) }));
  const config = loadConfig(
    {
      PORT: "0",
      HOST: "127.0.0.1",
      DISCORD_TOKEN: "test.bot.token",
      DISCORD_API_URL: sim.apiUrl,
      DISCORD_CDN_URL: sim.cdnUrl,
      SPOTIFY_IMAGE_URL: sim.spotifyImageUrl,
      STORAGE: options.storageDir ? `fs:${options.storageDir}` : "memory",
      // Tests hit 127.0.0.1 hard; rate-limit tests turn the limits back on.
      RATE_LIMIT_REST: "0",
      RATE_LIMIT_CARDS: "0",
      RATE_LIMIT_SOCKETS: "0",
      ...options.env,
    },
    { dotenv: false },
  );
  const server = await startServer(config, { log: () => {}, fastIdentify: true, flushDelayMs: 10, ...options.start });
  await server.source.ready();
  const stack: Stack = {
    sim,
    server,
    config,
    async get(path) {
      const res = await fetch(new URL(path, server.url));
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, body, headers: res.headers };
    },
    nextChange(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => (off(), reject(new Error("no matching hub change"))), timeoutMs);
        const off = server.hub.subscribe("all", (change) => {
          if (!match(change)) return;
          clearTimeout(timer);
          off();
          resolve(change);
        });
      });
    },
    async close() {
      await server.close();
      if (!given) await sim.close();
    },
  };
  return stack;
}
