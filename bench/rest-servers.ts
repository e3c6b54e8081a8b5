// bench/rest: starting the servers its parts compare (presence-kit as `npm start` runs it, the raw
// baselines replaying captured answers), and warming them the same way in every part.
import { writeFileSync } from "node:fs";
import { spawnUntil, type Child } from "./_lib.ts";
import { capture, wrk } from "./rest-wrk.ts";

/** A started server and its URL. */
export type Server = Child & { url: string };

/** A row's path and request headers. */
export type Row = readonly [path: string, headers: Record<string, string>];

/** presence-kit from the production build (`dist/`), pinned to core 0, once its gateway is ready. */
export function startKit(env: Record<string, string>, preload?: string): Promise<Server> {
  const imports = preload ? ["--import", preload] : [];
  return spawnUntil(["taskset", "-c", "0", process.execPath, ...imports, "dist/server/index.mjs"], env, /gateway ready/);
}

/** A baseline replaying the answers in `file` (bench/rest-raw-server.ts): raw node:http or bare h3 on srvx. */
export function startRaw(file: string, mode: "node" | "h3" = "node"): Promise<Server> {
  return spawnUntil(["taskset", "-c", "0", process.execPath, "--import", "tsx", "bench/rest-raw-server.ts", mode, file], {}, /listening/);
}

/** Every row's answer from `server`, written to `file` for the baselines to replay. */
export async function captureAnswers(server: Server, rows: readonly Row[], file: string): Promise<void> {
  const captured: Record<string, unknown> = {};
  for (const [path, headers] of rows) captured[path] = await capture(server.url + path, headers);
  writeFileSync(file, JSON.stringify(captured));
}

/** Each server asked every row once, then each row under load for `seconds`, so its code is optimised before it is measured. */
export async function warmEveryRow(servers: readonly Server[], rows: readonly Row[], seconds: number, connections: number): Promise<void> {
  for (const server of servers) {
    for (const [path, headers] of rows) await capture(server.url + path, headers);
    for (const [path, headers] of rows) wrk(server.url + path, headers, server.proc.pid!, seconds, connections);
  }
}
