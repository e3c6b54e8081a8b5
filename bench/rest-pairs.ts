// bench/rest, fresh process sets: one bench run is one set of processes, and what a process reaches
// while it warms up (which code V8 optimises for which shapes) stays with it, so REST's ratio to
// raw moves more from one set to the next than from one round to the next. Here each set is
// started afresh — raw node:http, presence-kit, and the control (raw's handler inside a
// presence-kit process) — warmed on every row like the main run, then REST is loaded at once
// against raw. The median over sets is the figure a reader can expect from a run. A second raw
// process, loaded at once against the first, shows how far two processes of the very same server
// differ: the floor of what one pair of processes can tell.
import { join } from "node:path";
import { median, type Child } from "./_lib.ts";
import { atOnce } from "./rest-at-once.ts";
import { captureAnswers, startKit, startRaw, warmEveryRow, type Server } from "./rest-servers.ts";

/** What a set needs from the main run. */
export interface PairsSetup {
  /** presence-kit's environment (simulator URLs, budgets off). */
  env: Record<string, string>;
  /** Every row's path and request headers; the first is `/v1/users/:id`. */
  paths: Array<[path: string, headers: Record<string, string>]>;
  /** A folder for each set's captured answers. */
  dir: string;
  sets: number;
  warmupSeconds: number;
  rounds: number;
  seconds: number;
  connections: number;
}

/** One set's figures: presence-kit, the control and a second raw, each loaded at once against raw. */
export interface PairResult {
  presenceKit: number[];
  control: number[];
  secondRaw: number[];
}

/** Runs `setup.sets` fresh sets one after the other; each process is stopped before the next set. */
export async function freshSets(setup: PairsSetup): Promise<PairResult[]> {
  const results: PairResult[] = [];
  for (let set = 0; set < setup.sets; set++) results.push(await _set(setup, set));
  return results;
}

/** Table rows: each set's medians and the median over sets. */
export function setRows(results: PairResult[]): Array<Record<string, string>> {
  const rows = results.map((r, i) => ({
    set: String(i + 1),
    "presence-kit × raw (median of rounds)": median(r.presenceKit).toFixed(2),
    "control × raw": median(r.control).toFixed(2),
    "presence-kit × control": (median(r.presenceKit) / median(r.control)).toFixed(2),
    "second raw × raw": median(r.secondRaw).toFixed(2),
  }));
  const over = (pick: (r: PairResult) => number) => median(results.map(pick)).toFixed(2);
  rows.push({
    set: "median of sets",
    "presence-kit × raw (median of rounds)": over((r) => median(r.presenceKit)),
    "control × raw": over((r) => median(r.control)),
    "presence-kit × control": over((r) => median(r.presenceKit) / median(r.control)),
    "second raw × raw": over((r) => median(r.secondRaw)),
  });
  return rows;
}

// --- internal ---

async function _set(setup: PairsSetup, set: number): Promise<PairResult> {
  const { env, paths, dir, warmupSeconds, rounds, seconds, connections } = setup;
  const started: Child[] = [];
  try {
    const pk = await startKit(env);
    started.push(pk);
    const answers = join(dir, `answers-${set}.json`);
    await captureAnswers(pk, paths, answers);
    const raw = await startRaw(answers);
    started.push(raw);
    const control = await startKit({ ...env, BENCH_ANSWERS: answers }, "./bench/rest-in-process.mjs");
    started.push(control);
    const raw2 = await startRaw(answers);
    started.push(raw2);
    await warmEveryRow([raw, pk, control, raw2], paths, warmupSeconds, connections);
    const [rest, restHeaders] = paths[0]!;
    const side = (server: Server) => ({ url: server.url + rest, headers: restHeaders });
    const options = { rounds, seconds, connections };
    return {
      presenceKit: await atOnce(side(raw), side(pk), options),
      control: await atOnce(side(raw), side(control), options),
      secondRaw: await atOnce(side(raw), side(raw2), options),
    };
  } finally {
    for (const child of started) await child.stop();
  }
}
