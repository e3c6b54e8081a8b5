// bench/ingest: presence events per second from a simulator flood to hub notification, against
// discord.js alone in the same run. Targets: ≥ 30,000 events/s, ≥ 0.6× discord.js alone,
// ≤ 4 KB heap per tracked user.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, runWorker, spawnSimulator, table } from "./_lib.ts";

interface Result {
  variant: string;
  events: number;
  ms: number;
  perSecond: number;
  bytesPerMemberReady: number;
  bytesPerMemberAfter: number;
  rssMB: number;
}

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ALL_VARIANTS = ["discordjs-default", "discordjs-same", "presence-kit", "presence-kit-fs", "presence-kit-consent"];
// `BENCH_VARIANTS=a,b` runs some only (the ratios need discordjs-same and discordjs-default).
const VARIANTS = process.env.BENCH_VARIANTS?.split(",").filter((v) => ALL_VARIANTS.includes(v)) ?? ALL_VARIANTS;

export async function benchIngest(): Promise<string> {
  const results = new Map<string, Result[]>(VARIANTS.map((v) => [v, []]));
  // Rounds interleave the variants so drift on the machine hits them alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of VARIANTS) {
      const sim = await spawnSimulator(["--members", String(MEMBERS), "--online", "all", "--no-script"]);
      const dir = mkdtempSync(join(tmpdir(), "pk-bench-"));
      try {
        const r = await runWorker<Result>("bench/ingest-worker.ts", [variant, sim.url, String(EVENTS), String(MEMBERS), dir]);
        results.get(variant)!.push(r);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await sim.stop();
      }
    }
  }
  const rate = (v: string) => (results.has(v) ? median(results.get(v)!.map((r) => r.perSecond)) : NaN);
  const same = rate("discordjs-same");
  const rows = VARIANTS.map((v) => ({
    variant: v,
    "events/s (median)": rate(v),
    "× discord.js, same options": (rate(v) / same).toFixed(2),
    "× discord.js default": (rate(v) / rate("discordjs-default")).toFixed(2),
    "heap B/member after sync": median(results.get(v)!.map((r) => r.bytesPerMemberReady)),
    "heap B/member after flood": median(results.get(v)!.map((r) => r.bytesPerMemberAfter)),
    "RSS MB": median(results.get(v)!.map((r) => r.rssMB)),
  }));
  return `### ingest (${MEMBERS} members, ${EVENTS} PRESENCE_UPDATEs, median of ${ROUNDS})\n\n${table(rows)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchIngest());
