/**
 * The server entry's command line: `--help` and `--version`. Everything else is configured by
 * environment variables (or `.env`), which `--help` lists.
 * @see README.md#configuration
 */
import { VERSION } from "./version.ts";

/** What the command line asks for: run the server, or print something and exit. */
export type CliAction = { run: true } | { run: false; output: string; code: number };

/**
 * Reads `argv` (without node and the script).
 * @example
 * toCliAction(["--version"]); // { run: false, output: "0.2.0\n", code: 0 }
 */
export function toCliAction(argv: string[]): CliAction {
  if (argv.length === 0) return { run: true };
  if (argv.includes("--version") || argv.includes("-v")) return { run: false, output: `${VERSION}\n`, code: 0 };
  if (argv.includes("--help") || argv.includes("-h")) return { run: false, output: kHelp, code: 0 };
  return { run: false, output: `unknown argument: ${argv[0]}\n\n${kHelp}`, code: 2 };
}

// --- internal ---

const kHelp = `presence-kit ${VERSION}: Discord presences as a Lanyard-compatible API, WebSocket, SSE and cards.

Usage: node dist/server/index.mjs [--help | --version]    (or: npm start)

Configured by environment variables; a .env file in the working directory is read too (the
environment wins). Without DISCORD_TOKEN it runs a demo against a built-in Discord simulator.

  DISCORD_TOKEN (BOT_TOKEN)   bot token (privileged intents: presence, server members)
  PORT, HOST                  where to listen (3000, 0.0.0.0)
  STORAGE                     memory | fs:<dir> (fs:./.data) | redis://host:port
  REDIS_HOST, REDIS_PORT      Lanyard's names: STORAGE=redis://REDIS_HOST:REDIS_PORT
  ROLE                        all | gateway | api (scale-out over Redis)
  PUBLIC_URL                  public origin used in generated links
  LOG_LEVEL                   fatal | error | warn | info | debug | trace | silent (info)
  LOG_FORMAT                  pretty | json (pretty)
  LOG_REQUESTS                true: one line per HTTP request (false)
  METRICS                     serve GET /metrics (true)

Every variable, with defaults: README.md#configuration and .env.example.
Probes: GET /livez (process alive), GET /health (ready: connected to Discord).
`;
