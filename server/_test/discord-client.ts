/**
 * Helpers for tests that drive the real discord.js Client against the simulator: a client wired
 * to it (no identify throttle, short guild timeout), event waits with a timeout instead of sleeps,
 * and a destroy that cannot hang a test. Not part of the runtime entry (`index.ts`).
 */
import { Client, GatewayIntentBits, Partials } from "discord.js";
import { WebSocket } from "ws";
import type { Simulator } from "../simulator/types.ts";

/** Anything with `on`/`off`: a Client, the simulator, a socket. */
export interface Listenable {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** Options of {@link createTestClient}. */
export interface TestClientOptions {
  /** @default Guilds, GuildMembers, GuildPresences */
  intents?: number[];
  /** IDENTIFY's `large_threshold`. @default discord.js's 50 */
  largeThreshold?: number;
  /** `"auto"` uses the simulator's recommended shard count. @default discord.js's [0] */
  shards?: "auto";
}

/** A discord.js Client pointed at `sim`; attach listeners, then {@link loginReady}. */
export function createTestClient(sim: Simulator, options: TestClientOptions = {}): Client {
  const { Guilds, GuildMembers, GuildPresences } = GatewayIntentBits;
  return new Client({
    intents: options.intents ?? [Guilds, GuildMembers, GuildPresences],
    partials: [Partials.User, Partials.GuildMember],
    rest: { api: sim.apiUrl },
    ws: {
      // The default throttler waits up to 6.5 s before a re-IDENTIFY.
      buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }),
      ...(options.largeThreshold ? { large_threshold: options.largeThreshold } : {}),
    },
    ...(options.shards ? { shards: options.shards } : {}),
    waitGuildTimeout: 1000,
  });
}

/**
 * Logs in and resolves on `clientReady`, which can fire before `login()` resolves, so the
 * listener is attached first.
 */
export async function loginReady(client: Client, token = "simulated.bot.token"): Promise<void> {
  const ready = waitFor(client, "clientReady");
  await client.login(token);
  await ready;
}

/**
 * Resolves with the arguments of the next `event` that passes `filter`.
 * @throws after `timeoutMs` (a test failure, not a hang).
 */
export function waitFor<T extends any[] = any[]>(
  emitter: Listenable,
  event: string,
  filter: (...args: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for "${event}"`));
    }, timeoutMs);
    function listener(...args: any[]): void {
      if (!filter(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as T);
    }
    emitter.on(event, listener);
  });
}

/** Collects every `raw` Gateway packet with `t === type` the client receives. */
export function collectRaw(client: Client, type: string): Array<{ t: string; s: number; d: any }> {
  const packets: Array<{ t: string; s: number; d: any }> = [];
  client.on("raw", (packet: { t: string; s: number; d: any }) => {
    if (packet.t === type) packets.push(packet);
  });
  return packets;
}

/** Destroys a client without letting a stuck shard hang the test. */
export async function destroyClient(client: Client | undefined, timeoutMs = 2000): Promise<void> {
  if (!client) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.destroy().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}

/** A Gateway payload as received. */
export type GatewayPayload = { op: number; t?: string; s?: number; d: any };

/** A bare Gateway connection for protocol tests that discord.js would never produce. */
export interface RawGateway {
  ws: WebSocket;
  /** Every payload received so far. */
  received: GatewayPayload[];
  send(payload: unknown): void;
  /** The next payload (already received or future) that passes `filter`. */
  next(filter: (p: GatewayPayload) => boolean, timeoutMs?: number): Promise<any>;
  /** Resolves with the close code the client saw. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a raw Gateway connection the way discord.js does (`?v=10&encoding=json`). */
export async function connectRawGateway(sim: Simulator): Promise<RawGateway> {
  const ws = new WebSocket(`${sim.gatewayUrl}?v=10&encoding=json`);
  const received: RawGateway["received"] = [];
  let seen = 0;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on("message", (data) => received.push(JSON.parse(String(data))));
  await waitFor(ws, "open");
  return {
    ws,
    received,
    closed,
    send: (payload) => ws.send(typeof payload === "string" ? payload : JSON.stringify(payload)),
    async next(filter, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = received.slice(seen).findIndex(filter);
        if (index >= 0) {
          seen += index + 1;
          return received[seen - 1];
        }
        if (Date.now() > deadline) throw new Error("Timed out waiting for a gateway payload");
        const left = Math.max(1, deadline - Date.now());
        await waitFor(ws, "message", () => true, left).catch(() => {});
      }
    },
  };
}

/**
 * Destroys a test's client and closes its simulator (either may be missing); returns the cleared
 * pair so an `afterEach` can reset its variables in one line.
 * @example
 * afterEach(async () => ([sim, bot] = await closeAll(sim, bot)));
 */
export async function closeAll(sim: Simulator | undefined, bot: Client | undefined): Promise<[undefined, undefined]> {
  await destroyClient(bot);
  await sim?.close();
  return [undefined, undefined];
}
