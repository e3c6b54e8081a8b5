// The only module with process side effects: read config, start, stop on a signal.
import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./runtime.ts";

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[presence-kit] invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = await startServer(config).catch((error: Error) => {
    console.error(`[presence-kit] could not start: ${error.message}`);
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[presence-kit] ${signal}: shutting down`);
    // A hung shutdown must not keep a supervisor waiting forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
