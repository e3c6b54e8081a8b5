// The only module with process side effects: read config, start, stop on a signal.
import { toCliAction } from "./cli-args.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { configureLogger, logger, logLine } from "./log/logger.ts";
import { startServer } from "./runtime.ts";
import { keepTickShapes } from "./serve/tick-shapes.ts";

async function main() {
  // First: a process whose nextTick caches went megamorphic serves REST about 15 % slower.
  keepTickShapes();
  const action = toCliAction(process.argv.slice(2));
  if (!action.run) {
    process.stdout.write(action.output);
    process.exit(action.code);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(`invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const redisPassword = config.storage.driver === "redis" ? _password(config.storage.url) : undefined;
  configureLogger({ ...config.log, secrets: [config.discordToken, redisPassword] });
  const server = await startServer(config, { log: logLine }).catch((error: Error) => {
    logger.fatal(`could not start: ${error.message}`);
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(`[presence-kit] ${signal}: shutting down`);
    // A hung shutdown must not keep a supervisor waiting forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => (logLine("[presence-kit] stopped"), process.exit(0)),
      (error: Error) => (logger.error({ err: error }, "shutdown failed"), process.exit(1)),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function _password(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

void main();
