// bench/rest, cards against REST loaded at once: the goal for a cached card (and a quicklink) is a
// share of REST's rate in the same server. Alternating runs pair a card second with the REST
// second after it, and this machine's rate moves between the two by more than the goal's margin.
// Here two presence-kit processes of the same build, both warmed on every row, are loaded at the
// same time, one with the card and one with REST, then the other way round (so neither process
// nor wrk's start order favours a side). Two raw node:http processes serving the captured bytes
// are measured the same way: what a card costs against REST before any stack, a ceiling.
import { join } from "node:path";
import { median, type Child } from "./_lib.ts";
import { atOnce, type Side } from "./rest-at-once.ts";
import { captureAnswers, startKit, startRaw, warmEveryRow, type Server } from "./rest-servers.ts";

/** What the comparison needs from the main run. */
export interface VsRestSetup {
  /** presence-kit's environment (simulator URLs, budgets off). */
  env: Record<string, string>;
  /** Every row: label, path, request headers; the first is `/v1/users/:id`. */
  paths: Array<[label: string, path: string, headers: Record<string, string>]>;
  /** Labels of the rows to compare with REST. */
  compare: string[];
  /** A folder for the captured answers. */
  dir: string;
  warmupSeconds: number;
  rounds: number;
  seconds: number;
  connections: number;
}

/** Table rows: per row, presence-kit's and raw's rate of it over their rate of REST, loaded at once. */
export async function cardsVsRest(setup: VsRestSetup): Promise<Array<Record<string, string>>> {
  const { env, paths, compare, dir, warmupSeconds, rounds, seconds, connections } = setup;
  const started: Child[] = [];
  try {
    const kits = [await startKit(env), await startKit(env)];
    started.push(...kits);
    const answers = join(dir, "answers-vs-rest.json");
    const rows = paths.map(([, path, headers]) => [path, headers] as const);
    await captureAnswers(kits[0]!, rows, answers);
    const raws = [await startRaw(answers), await startRaw(answers)];
    started.push(...raws);
    await warmEveryRow([...kits, ...raws], rows, warmupSeconds, connections);
    const [, rest, restHeaders] = paths[0]!;
    const options = { rounds, seconds, connections };
    // Card on one process and REST on the other, then swapped: the median of both orders' rounds.
    const side = (server: Server, p: string, h: Record<string, string>): Side => ({ url: server.url + p, headers: h });
    const both = async ([a, b]: Server[], path: string, headers: Record<string, string>) => {
      const one = await atOnce(side(a!, rest, restHeaders), side(b!, path, headers), options);
      const other = await atOnce(side(b!, rest, restHeaders), side(a!, path, headers), options);
      return median([...one, ...other]);
    };
    const table = [];
    for (const [label, path, headers] of paths.filter(([label]) => compare.includes(label))) {
      const kit = await both(kits, path, headers);
      const raw = await both(raws, path, headers);
      table.push({
        request: label,
        "presence-kit: × its REST, loaded at once": kit.toFixed(2),
        "raw node:http: × its REST (the same bytes)": raw.toFixed(2),
        "presence-kit's ratio ÷ raw's": (kit / raw).toFixed(2),
      });
    }
    return table;
  } finally {
    for (const child of started) await child.stop();
  }
}
