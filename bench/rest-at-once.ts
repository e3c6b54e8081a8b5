// bench/rest, loaded at once: two servers pinned to the same core are asked by two wrk at the
// same time, so the core's time is shared between them (the kernel gives each busy process an
// equal share) and whatever the host takes in that second it takes from both. The ratio of
// their rates is then the ratio of their costs per request, without the run-to-run drift of
// this machine that alternating runs have to be paired against.
import { spawn } from "node:child_process";
import { median } from "./_lib.ts";
import { requestsPerSecond, wrkCommand } from "./rest-wrk.ts";

/** One side: a URL and the request headers wrk sends. */
export interface Side {
  url: string;
  headers: Record<string, string>;
}

/** Round by round, `b`'s req/s over `a`'s, both loaded at once for `seconds`. */
export async function atOnce(a: Side, b: Side, { rounds, seconds, connections }: { rounds: number; seconds: number; connections: number }): Promise<number[]> {
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const [x, y] = await Promise.all([_rate(a, seconds, connections), _rate(b, seconds, connections)]);
    ratios.push(y / x);
  }
  return ratios;
}

/** The median of {@link atOnce}'s ratios and their range, for a table cell. */
export function summary(ratios: number[]): { median: string; range: string } {
  return { median: median(ratios).toFixed(2), range: `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` };
}

// --- internal ---

function _rate(side: Side, seconds: number, connections: number): Promise<number> {
  const [command, ...args] = wrkCommand(side.url, side.headers, seconds, connections);
  return new Promise((resolve, reject) => {
    const proc = spawn(command!, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk));
    proc.on("error", reject);
    proc.on("close", () => {
      const rps = requestsPerSecond(out);
      if (rps > 0) resolve(rps);
      else reject(new Error(`wrk failed on ${side.url}:\n${out}`));
    });
  });
}
