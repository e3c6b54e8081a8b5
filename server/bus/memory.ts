import { randomUUID } from "node:crypto";
import type { Bus, BusListener } from "./bus.ts";
import { logger } from "../log/logger.ts";

/** Buses that can hear each other: one per test, or the process-wide default. */
export interface MemoryNetwork {
  /** @internal */
  readonly buses: Set<_MemoryBus>;
}

/** A network of in-process buses (each {@link createMemoryBus} on it stands for one process). */
export function createMemoryNetwork(): MemoryNetwork {
  return { buses: new Set() };
}

/**
 * An in-process {@link Bus}: messages are copied through JSON (as over the wire) and delivered in a
 * later microtask, in publish order, to every other bus of the same network.
 * @example
 * const net = createMemoryNetwork();
 * const a = createMemoryBus(net), b = createMemoryBus(net);
 * b.subscribe("pk:changes", (m) => console.log(m));
 * await a.publish("pk:changes", { userId: "1" });
 */
export function createMemoryBus(network: MemoryNetwork = kDefault): Bus {
  const channels = new Map<string, Set<BusListener>>();
  const ready = new Set<() => void>();
  let closed = false;
  const self: _MemoryBus = {
    id: randomUUID(),
    get connected() {
      return !closed;
    },
    channels,
    async publish(channel, message) {
      if (closed) throw new Error("bus closed");
      const text = JSON.stringify(message);
      let count = 0;
      for (const bus of network.buses) {
        const listeners = bus.channels.get(channel);
        if (!listeners?.size) continue;
        count += 1;
        if (bus === self) continue;
        // Snapshot now, deliver later: a listener added after the publish does not get it.
        const targets = [...listeners];
        queueMicrotask(() => {
          for (const l of targets) if (bus.channels.get(channel)?.has(l)) _call(l, JSON.parse(text), self.id);
        });
      }
      return count;
    },
    subscribe(channel, listener) {
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && channels.get(channel) === set) channels.delete(channel);
      };
    },
    settled: () => Promise.resolve(),
    onReady(listener) {
      ready.add(listener);
      return () => void ready.delete(listener);
    },
    async close() {
      closed = true;
      channels.clear();
      network.buses.delete(self);
    },
  };
  network.buses.add(self);
  return self;
}

// --- internal ---

/** @internal A memory bus as its network sees it. */
export interface _MemoryBus extends Bus {
  readonly channels: Map<string, Set<BusListener>>;
}

const kDefault = createMemoryNetwork();

function _call(listener: BusListener, message: unknown, from: string) {
  try {
    listener(message, from);
  } catch (error) {
    logger.error({ err: error }, "bus subscriber failed");
  }
}
