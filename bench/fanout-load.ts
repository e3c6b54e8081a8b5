// Load generator of bench/fanout, in its own process: opens N subscribers (WebSocket or SSE) to a
// target, then triggers K updates one after another and times every delivery. 127.0.0.1 only,
// bounded in count and time. Prints one JSON line.
import { readFileSync } from "node:fs";
import { cpuNs, median } from "./_lib.ts";
import { openSseStream } from "./scale-sse.ts";
import { WebSocket } from "ws";

interface Args {
  kind: "ws" | "sse";
  url: string; // ws://… or http://… of the subscription
  subscribe?: string; // first text frame to send (Lanyard op 2), WebSocket only
  trigger: string; // URL to POST to cause one update
  triggerBody: string; // JSON body template; "$N" is replaced by the update number
  count: number;
  updates: number;
}
const args = JSON.parse(process.argv[2]) as Args;
const deadline = setTimeout(() => {
  console.log(JSON.stringify({ error: "timeout" }));
  process.exit(2);
}, 240_000);

let delivered = 0;
let expected = 0;
let t0 = 0;
const latencies: number[] = [];
let onAll: (() => void) | undefined;
/** Per update, trigger to its first delivery: the path before the fan-out itself. */
const firsts: number[] = [];
function _received() {
  latencies.push(performance.now() - t0);
  if (delivered === expected - args.count) firsts.push(performance.now() - t0);
  if (++delivered === expected) onAll?.();
}

const closers: Array<() => void> = [];
async function _open(): Promise<void> {
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    const open = (i: number) => {
      if (i >= args.count) return;
      const onInit = () => {
        if (++ready === args.count) resolve();
        else open(i + 64); // keep 64 handshakes in flight
      };
      if (args.kind === "ws") {
        const ws = new WebSocket(args.url, { perMessageDeflate: false });
        let inits = 0;
        ws.on("open", () => args.subscribe && ws.send(args.subscribe));
        ws.on("message", (data) => {
          // presence-kit: Hello, INIT_STATE, then updates. Raw server: its first message, then updates.
          if (inits > 0) return _received();
          if (!args.subscribe || data.toString().includes("INIT_STATE")) (inits++, onInit());
        });
        ws.on("error", reject);
        closers.push(() => ws.terminate());
      } else {
        closers.push(openSseStream(args.url, { init: onInit, presence: _received, error: reject }));
      }
    };
    for (let i = 0; i < 64; i++) open(i);
  });
}

const pid = Number(process.env.TARGET_PID);
const rssBase = pid ? _rss(pid) : 0;
await _open();
const rssIdle = pid ? _rss(pid) : 0;
const cpuStart = pid ? cpuNs(pid) : 0;
const start = performance.now();
for (let n = 1; n <= args.updates; n++) {
  expected += args.count;
  const all = new Promise<void>((r) => (onAll = r));
  t0 = performance.now();
  await fetch(args.trigger, { method: "POST", headers: { "content-type": "application/json" }, body: args.triggerBody.replaceAll("$N", String(n)) });
  await all;
}
const seconds = (performance.now() - start) / 1000;
// Server CPU per delivery: unlike deliveries/s, other load on the machine barely moves it.
const cpuNsPerDelivery = pid ? (cpuNs(pid) - cpuStart) / delivered : 0;
const rssAfter = pid ? _rss(pid) : 0;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]);
for (const close of closers) close();
clearTimeout(deadline);
console.log(JSON.stringify({ delivered, perSecond: Math.round(delivered / seconds), p50: pct(0.5), p99: pct(0.99), firstMs: Math.round(median(firsts)), cpuNsPerDelivery, rssBaseKB: rssBase, rssIdleKB: rssIdle, rssAfterKB: rssAfter }));
process.exit(0);

function _rss(p: number): number {
  const status = readFileSync(`/proc/${p}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}
