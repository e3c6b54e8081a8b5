/**
 * Graceful-shutdown hooks: transports register how to end their connections (WebSockets with a
 * going-away close, SSE streams ended) and the runtime runs them all before disconnecting.
 */
export interface Shutdown {
  /** Registers a hook; returns a function that unregisters it. */
  add(hook: () => void | Promise<void>): () => void;
  /** Runs every hook once, in parallel; a failing hook does not stop the others. */
  run(): Promise<void>;
}

/** @see Shutdown */
export function createShutdown(): Shutdown {
  const hooks = new Set<() => void | Promise<void>>();
  return {
    add(hook) {
      hooks.add(hook);
      return () => void hooks.delete(hook);
    },
    async run() {
      const all = [...hooks];
      hooks.clear();
      await Promise.allSettled(all.map(async (hook) => hook()));
    },
  };
}
