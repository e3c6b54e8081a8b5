/**
 * Keeps `process.nextTick`'s object shapes alive for the life of the process.
 *
 * Node's `nextTick` builds each queued tick with an object literal whose first keys are computed
 * (`[async_id_symbol]`, `[trigger_async_id_symbol]`, and on Node 22+ `[kAsyncContextFrame]`).
 * V8 defines such keys through inline caches that hold the object's hidden classes (maps) weakly.
 * Between bursts of requests no tick object is alive, so a garbage collection may free those maps;
 * the next tick makes new ones, and after a few rounds the caches give up (megamorphic): from
 * then on every tick defines its keys through the runtime, for the rest of the process. On the
 * 2-core machine of the benchmarks a process in that state served `/v1/users/:id` at 0.64–0.74×
 * raw node:http, loaded at once, against 0.76–0.90× for processes kept out of it (Node 20 and 24
 * alike; the README's rest section has the figures). It happened after 90–150 s idle in every
 * process tried (14 of 14), and in 4 of 10 right after warm-up.
 *
 * Holding one tick object of each kind keeps their maps, and the chain of maps the literal walks,
 * alive: the caches stay monomorphic. The objects are captured through an `async_hooks` init hook
 * enabled only while they are made (a tick object is the resource of its `TickObject` init).
 * @see README.md#benchmarks
 */
import { createHook } from "node:async_hooks";

let kept: readonly object[] | undefined;

/**
 * Keeps one tick object per argument count `nextTick` distinguishes (none, one to three, more)
 * referenced from here, once per process; later calls return the same count.
 * @returns How many tick objects are kept.
 * @example
 * keepTickShapes(); // 5, as early as possible in the process
 */
export function keepTickShapes(): number {
  if (kept) return kept.length;
  const ticks: object[] = [];
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === "TickObject") ticks.push(resource);
    },
  });
  hook.enable();
  try {
    process.nextTick(_noop);
    process.nextTick(_noop, 1);
    process.nextTick(_noop, 1, 2);
    process.nextTick(_noop, 1, 2, 3);
    process.nextTick(_noop, 1, 2, 3, 4);
  } finally {
    hook.disable();
  }
  kept = ticks;
  return ticks.length;
}

// --- internal ---

function _noop(): void {}
