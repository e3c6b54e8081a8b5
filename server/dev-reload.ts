// What `npm run dev` does on every (re)load of server/dev.ts, kept out of that side-effect module
// so it can be tested: reloads run one after another, each closing the runtime before it.
import { subscribe } from "@parcel/watcher";
import type { Runtime } from "./runtime.ts";

/** State that outlives module reloads (kept on `globalThis` by server/dev.ts). */
export interface DevSlot {
  /** The last reload: resolves to its runtime once started (or `undefined` if it failed). */
  current?: Promise<Runtime | undefined>;
}

/**
 * Replaces the running runtime with a new one. Two reloads back to back (a `git checkout` fires a
 * delete and a create) are chained: the second waits for the first, then closes it, so exactly one
 * runtime (and one simulator) is ever left running. The demo's simulator keeps its port.
 * @example
 * const runtime = await reloadDev(slot, (simulatorPort) => createRuntime(config, { simulatorPort }));
 */
export function reloadDev(
  slot: DevSlot,
  create: (simulatorPort: number | undefined) => Promise<Runtime>,
): Promise<Runtime> {
  const previous = slot.current;
  const next = (async () => {
    const old = await previous?.catch(() => undefined);
    const port = old?.simulator ? new URL(old.simulator.url).port : undefined;
    // discord.js cannot be stopped cleanly halfway through its login (it connects anyway, to the
    // next simulator on the same port): let the login settle first, for a bounded time.
    if (old) await _settled(old.source.ready(), SETTLE_MS);
    await old?.close();
    const runtime = await create(port ? Number(port) : undefined);
    await runtime.start();
    return runtime;
  })();
  // A failed reload must not break the chain: the next one starts from nothing.
  slot.current = next.catch(() => undefined);
  return next;
}

/** Longest a reload waits for the previous runtime's login to settle. */
export const SETTLE_MS = 10_000;

/**
 * Rebuilds the widget bundle whenever a file under `dir` changes (listhen watches only server/).
 * Resolves once watching; the returned function stops it.
 * @example
 * const stop = await watchWidgets(widgetsDir, () => buildWidgets());
 */
export async function watchWidgets(
  dir: string,
  rebuild: () => Promise<unknown>,
  onError: (error: Error) => void = (error) => console.error(`[widgets] ${error.message}`),
): Promise<() => Promise<void>> {
  let building: Promise<unknown> = Promise.resolve();
  const subscription = await subscribe(
    dir,
    (error, events) => {
      if (error) return onError(error);
      if (!events.some((e) => /\.ts$/.test(e.path) && !/\.test\.ts$/.test(e.path))) return;
      // One build at a time, in order: the last change always ends up in the bundle.
      building = building.then(rebuild).catch(onError);
    },
    { ignore: ["_test"] },
  );
  return () => subscription.unsubscribe();
}

// --- internal ---

function _settled(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(() => {}, () => {}), timeout]).finally(() => clearTimeout(timer));
}
