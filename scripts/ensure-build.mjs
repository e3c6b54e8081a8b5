// `npm start`'s prestart: builds `dist/` only when it is missing or older than a source file, so a
// fresh clone needs only `npm install && npm start`, and a built tree (a container, a read-only
// filesystem) starts without writing anything. Plain JavaScript: no TypeScript loader unless a
// build is needed.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const built = _mtime(join(root, "dist/server/index.mjs"));
const sources = ["server", "widgets", "scripts", "package-lock.json"].map((p) => join(root, p));
const stale = built === 0 || sources.some((path) => _newest(path) > built);
if (stale) {
  process.stdout.write("[build] dist/ is missing or older than the sources: building\n");
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/build.ts")], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

function _mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time under `path` (test files and golden images do not count). */
function _newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "__golden__" || entry === "node_modules") continue;
    newest = Math.max(newest, _newest(join(path, entry)));
  }
  return newest;
}
