/**
 * The process's logger: pino (levels, timestamps, JSON lines) with a small built-in pretty format,
 * and secrets scrubbed from every line before it is written.
 * @see README.md#logs-and-probes
 */
import pino, { type DestinationStream, type Logger as PinoLogger } from "pino";
import { toPrettyLine } from "./pretty.ts";
import { createScrubber } from "./scrub.ts";

/** Levels `LOG_LEVEL` accepts, most severe first. */
export const LogLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** @see LogLevels */
export type LogLevel = (typeof LogLevels)[number];
/** `LOG_FORMAT`: one JSON object per line, or one readable line per entry. */
export type LogFormat = "json" | "pretty";

/** What {@link configureLogger} and {@link createLogger} take. */
export interface LogOptions {
  /** @default "info" */
  level?: LogLevel;
  /** @default "pretty" */
  format?: LogFormat;
  /** Exact strings never to write (the bot token, a Redis password). @default [] */
  secrets?: Array<string | undefined>;
  /** Where lines go. @default standard output */
  destination?: { write(line: string): unknown };
}

/** The methods the server calls: pino's, so `logger.error({ err }, "message")` works. */
export type Logger = Pick<PinoLogger, "fatal" | "error" | "warn" | "info" | "debug" | "trace">;

/**
 * Creates a pino logger that scrubs secrets from messages and fields.
 * @example
 * const log = createLogger({ level: "debug", format: "json", secrets: [token] });
 */
export function createLogger(options: LogOptions = {}): PinoLogger {
  const { level = "info", format = "pretty", secrets = [], destination = process.stdout } = options;
  const scrub = createScrubber(secrets);
  const out: DestinationStream = {
    write: (line: string) => destination.write(format === "pretty" ? toPrettyLine(scrub(line)) : scrub(line)),
  };
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Structured fields named like credentials never reach the line at all.
      redact: { paths: kRedactPaths, censor: "[redacted]" },
    },
    out,
  );
}

/**
 * The process-wide logger. Its methods stay the same objects for the whole run (tests spy on
 * them); {@link configureLogger} swaps the pino instance behind them.
 */
export const logger: Logger = {
  fatal: (...args: Parameters<PinoLogger["fatal"]>) => _current.fatal(...args),
  error: (...args: Parameters<PinoLogger["error"]>) => _current.error(...args),
  warn: (...args: Parameters<PinoLogger["warn"]>) => _current.warn(...args),
  info: (...args: Parameters<PinoLogger["info"]>) => _current.info(...args),
  debug: (...args: Parameters<PinoLogger["debug"]>) => _current.debug(...args),
  trace: (...args: Parameters<PinoLogger["trace"]>) => _current.trace(...args),
};

/** Sets level, format and secrets of {@link logger}; the server entry calls it once at start. */
export function configureLogger(options: LogOptions): void {
  _current = createLogger(options);
}

/** Severities a one-line sink accepts. */
export type LineLevel = "error" | "warn" | "info" | "debug";

/** A one-line log sink with an optional severity (`info` when left out). */
export type LogSink = (message: string, level?: LineLevel) => void;

/**
 * The runtime's one-line sink (`StartOptions.log`): `[component] text` becomes
 * `{ component, msg: text }` at `level`.
 * @example
 * logLine("[discord] shard error: closed", "warn");
 */
export function logLine(message: string, level: LineLevel = "info"): void {
  const m = /^\[([\w-]+)\] ([\s\S]*)$/.exec(message);
  if (m) logger[level]({ component: m[1] }, m[2]!);
  else logger[level](message);
}

// --- internal ---

const kRedactPaths = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
];

let _current: PinoLogger = createLogger();
