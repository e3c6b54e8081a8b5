// bench/big's /health prober, in its own process: GET /health one after another on a keep-alive
// connection, recording from the first line on stdin until stdin closes, then prints the count
// and p50/p99/max latency in ms as JSON.
import { Agent, get } from "node:http";

const url = `${process.argv[2]}/health`;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const samples: number[] = [];
let running = true;
let recording = false;
process.stdin.on("data", () => (recording = true));
process.stdin.on("end", () => (running = false));

while (running) {
  const start = performance.now();
  await new Promise<void>((resolve) => {
    get(url, { agent }, (res) => res.resume().on("end", resolve)).on("error", () => resolve());
  });
  if (recording) samples.push(performance.now() - start);
  // A short pause keeps the prober from being load itself (≈200 requests/s at most).
  await new Promise((resolve) => setTimeout(resolve, 5));
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
console.log(JSON.stringify({ count: samples.length, p50: at(0.5), p99: at(0.99), max: samples.at(-1) ?? 0 }));
agent.destroy();
