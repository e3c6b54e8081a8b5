import { SourceState, type PresenceSource, type SourceStatus } from "../source/source.ts";
import { BusChannel, type Bus } from "./bus.ts";

/**
 * The gateway's heartbeat: its source status on the bus every `intervalMs`, which api processes
 * show in `/health` (see {@link createFollowerSource}).
 */
export function publishGatewayStatus(bus: Bus, source: PresenceSource, intervalMs = 2000): () => void {
  const beat = () => void bus.publish(BusChannel.gateway, source.status()).catch(() => {});
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  const off = bus.onReady(beat);
  return () => (clearInterval(timer), off());
}

/** Options of {@link createFollowerSource}. */
export interface FollowerSourceOptions {
  /** Heartbeat age after which the gateway counts as gone. @default 6000 */
  staleMs?: number;
  now?: () => number;
}

/**
 * The presence source of an api process: no Discord connection of its own, but the gateway's
 * status as its heartbeats report it. Ready while the bus is connected and the last heartbeat is
 * fresh and says ready; otherwise `reconnecting` with the reason in `error`.
 * @see README.md#scaling-out-with-redis
 */
export function createFollowerSource(bus: Bus, options: FollowerSourceOptions = {}): PresenceSource & {
  /** Milliseconds since the last gateway heartbeat, `null` before the first. */
  heartbeatAge(): number | null;
} {
  const { staleMs = 6000, now = Date.now } = options;
  let last: { at: number; status: SourceStatus } | undefined;
  let stopped = false;
  const waiters = new Set<() => void>();
  const off = bus.subscribe(BusChannel.gateway, (message) => {
    last = { at: now(), status: message as SourceStatus };
    if (last.status.state === SourceState.ready) for (const w of waiters) w();
  });
  const down = (error: string): SourceStatus => ({
    state: SourceState.reconnecting, since: last?.at ?? now(), error, guilds: last?.status.guilds ?? 0,
    members: last?.status.members ?? 0, ping: -1,
  });
  const source = {
    name: "bus",
    async start() {},
    async stop() {
      stopped = true;
      off();
      waiters.clear();
    },
    status(): SourceStatus {
      if (stopped) return { ...down("stopped"), state: SourceState.stopped };
      if (!bus.connected) return down("the Redis bus is disconnected");
      if (!last) return { ...down("no gateway heartbeat yet"), state: SourceState.connecting };
      const age = now() - last.at;
      if (age > staleMs) return down(`no gateway heartbeat for ${Math.round(age / 1000)} s`);
      return last.status;
    },
    heartbeatAge: () => (last ? now() - last.at : null),
    ready() {
      if (source.status().state === SourceState.ready) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const w = () => (waiters.delete(w), resolve());
        waiters.add(w);
      });
    },
  };
  return source;
}
