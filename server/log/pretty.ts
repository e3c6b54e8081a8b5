/**
 * `LOG_FORMAT=pretty`: one readable line per pino JSON line, without pino-pretty (and its
 * dependencies) in the production install:
 * `2026-01-02T03:04:05.678Z INFO  [discord] shard error: … key=value`.
 */

/**
 * Turns one pino JSON line into a readable line ending in `\n`; a line that is not JSON passes
 * through unchanged.
 * @example
 * toPrettyLine('{"level":"info","time":"…","msg":"hi"}\n'); // "… INFO  hi\n"
 */
export function toPrettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const { level, time, msg, component, err, ...rest } = entry;
  const head = `${time ?? ""} ${String(level ?? "").toUpperCase().padEnd(5)}`;
  const tag = typeof component === "string" ? `[${component}] ` : "";
  const fields = Object.entries(rest).map(([k, v]) => ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const stack = _errorText(err);
  return `${head} ${tag}${msg ?? ""}${fields.join("")}${stack ? `\n${stack}` : ""}\n`;
}

// --- internal ---

function _errorText(err: unknown): string {
  if (!err || typeof err !== "object") return "";
  const e = err as { stack?: unknown; message?: unknown };
  return String(e.stack ?? e.message ?? JSON.stringify(err));
}
