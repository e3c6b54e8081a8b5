// Finds the external programs the tests drive (Chromium, redis-server) on any platform: an
// environment override first, then the usual names on PATH, then one error that names the program
// and how to provide it. CI installs both, so there a missing program is a failed run, not a skip.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** A program a test needs: the variable that overrides it and the names looked up on PATH. */
export interface ProgramSpec {
  /** What the error message calls it, e.g. "Chromium". */
  label: string;
  /** Environment variable holding an explicit path, e.g. `CHROMIUM_PATH`. */
  envVar: string;
  /** Executable names tried on PATH in order (`.exe` is added on Windows). */
  names: string[];
}

/** Chromium (or Chrome) for the browser tests. Override with `CHROMIUM_PATH`. */
export const kChromium: ProgramSpec = {
  label: "Chromium",
  envVar: "CHROMIUM_PATH",
  names: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"],
};

/** redis-server for the storage and scale-out tests. Override with `REDIS_SERVER`. */
export const kRedisServer: ProgramSpec = { label: "redis-server", envVar: "REDIS_SERVER", names: ["redis-server"] };

/**
 * Resolves a program to an executable path, or throws one error naming it and the variable to set.
 * @example
 * spawn(findProgram(kRedisServer), ["--port", "0"]);
 */
export function findProgram(spec: ProgramSpec, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[spec.envVar];
  if (explicit) {
    if (_isExecutable(explicit)) return explicit;
    throw new Error(`${spec.label}: ${spec.envVar}=${explicit} is not an executable file`);
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  // macOS installs Chrome as an app bundle, off PATH.
  if (process.platform === "darwin" && spec === kChromium) {
    const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    if (_isExecutable(mac)) return mac;
  }
  const suffix = process.platform === "win32" ? ".exe" : "";
  for (const name of spec.names) {
    for (const dir of dirs) {
      const candidate = join(dir, name + suffix);
      if (_isExecutable(candidate)) return candidate;
    }
  }
  throw new Error(
    `${spec.label} not found: set ${spec.envVar} to its path, or put one of ` +
      `${spec.names.join(", ")} on PATH (Debian: apt-get install ${spec.names[0]})`,
  );
}

// --- internal ---

function _isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
