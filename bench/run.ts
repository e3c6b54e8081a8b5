// `npm run bench`: every benchmark, each against its raw baseline in the same run. Results are
// printed as Markdown and written to bench/results/latest.md (not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import { benchBig } from "./big.ts";
import { benchCards } from "./cards.ts";
import { benchFanout } from "./fanout.ts";
import { benchIngest } from "./ingest.ts";
import { benchScale } from "./scale.ts";
import { benchRest } from "./rest.ts";
import { benchStartup } from "./startup.ts";

const only = process.argv[2];
const benches: Record<string, () => Promise<string>> = {
  ingest: benchIngest,
  fanout: benchFanout,
  cards: benchCards,
  scale: benchScale,
  startup: benchStartup,
  big: benchBig,
  rest: benchRest,
};
const parts: string[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.error(`[bench] ${name}…`);
  parts.push(await run());
  console.log(parts.at(-1));
}
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.md", `${new Date().toISOString()}\n\n${parts.join("\n")}`);
