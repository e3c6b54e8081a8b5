// Load generator of bench/scale, in its own process: opens N SSE subscribers of one user spread
// over the given api processes, then triggers K updates one after another through the simulator
// and times every delivery. 127.0.0.1 only, bounded in count and time. Prints one JSON line.
import { openSseStream } from "./scale-sse.ts";

interface Args {
  urls: string[]; // SSE URLs, one per api process; subscribers are dealt round-robin
  trigger: string; // simulator POST /_sim/presence
  triggerBody: string; // "$N" is replaced by the update number
  count: number;
  updates: number;
}
const args = JSON.parse(process.argv[2]) as Args;
const deadline = setTimeout(() => (console.log(JSON.stringify({ error: "timeout" })), process.exit(2)), 180_000);

let delivered = 0;
let expected = 0;
let t0 = 0;
const latencies: number[] = [];
let onAll: (() => void) | undefined;
const closers: Array<() => void> = [];

await new Promise<void>((resolve, reject) => {
  let ready = 0;
  const open = (i: number) => {
    if (i >= args.count) return;
    closers.push(openSseStream(args.urls[i % args.urls.length], {
      init() {
        if (++ready === args.count) resolve();
        else open(i + 64); // keep 64 handshakes in flight
      },
      presence() {
        latencies.push(performance.now() - t0);
        if (++delivered === expected) onAll?.();
      },
      error: reject,
    }));
  };
  for (let i = 0; i < 64; i++) open(i);
});

const start = performance.now();
for (let n = 1; n <= args.updates; n++) {
  expected += args.count;
  const all = new Promise<void>((r) => (onAll = r));
  t0 = performance.now();
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: args.triggerBody.replaceAll("$N", String(n)) };
  // Once more if a kept-alive socket closed under the first try.
  await fetch(args.trigger, init).catch(() => fetch(args.trigger, init));
  await all;
}
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
for (const close of closers) close();
clearTimeout(deadline);
console.log(JSON.stringify({ delivered, perSecond: Math.round(delivered / seconds), p50: pct(0.5), p99: pct(0.99) }));
process.exit(0);
