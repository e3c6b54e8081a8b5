// The logger: levels, timestamps, both formats, the request log, and secrets that never reach a
// line, whether in a message, a field, an error or a URL.
import { createServer } from "node:http";
import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { createLogger, logger, logLine } from "./logger.ts";
import { attachRequestLog } from "./request-log.ts";
import { toPrettyLine } from "./pretty.ts";
import { createScrubber } from "./scrub.ts";

const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678";
const KEY = "pk_0123456789abcdef0123456789abcdef";

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const log = createLogger({ ...options, destination: { write: (line: string) => lines.push(line) } });
  return { log, lines };
}

describe("createLogger", () => {
  it("json: one object per line with level name, ISO time and msg; below the level is dropped", () => {
    const { log, lines } = capture({ level: "info", format: "json" });
    log.debug("hidden");
    log.info({ component: "discord" }, "ready");
    log.warn("careful");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    expect(first).toEqual({ level: "info", time: expect.any(String), component: "discord", msg: "ready" });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(JSON.parse(lines[1]!).level).toBe("warn");
  });

  it("pretty: time, padded level, [component], message, fields and the error's stack", () => {
    const { log, lines } = capture({ level: "debug", format: "pretty" });
    log.debug({ component: "bus", peers: 2 }, "hello");
    log.error({ err: new Error("boom") }, "failed");
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z DEBUG \[bus\] hello peers=2\n$/);
    expect(lines[1]).toMatch(/^\S+ ERROR failed\nError: boom\n\s+at /);
    expect(toPrettyLine("not json\n")).toBe("not json\n");
  });

  it("never writes a secret: configured strings, API keys, URL credentials, authorization fields", () => {
    for (const format of ["json", "pretty"] as const) {
      const { log, lines } = capture({ format, secrets: [TOKEN, "s3cr3t-pass", undefined] });
      log.info(`login with ${TOKEN}`);
      log.error({ err: new Error(`rejected ${TOKEN}`) }, "login failed");
      log.warn(`lost Redis at redis://:s3cr3t-pass@cache:6379 and rediss://user:other-pass@x:6380`);
      log.info({ token: "field-token-value", headers: { authorization: `Bot ${TOKEN}` } }, "request");
      log.info({ req: { headers: { authorization: KEY, cookie: "session=abc" } } }, `issued ${KEY}`);
      log.info(`header Authorization: Bearer abcdefghijklmnop`);
      const out = lines.join("");
      for (const secret of [TOKEN, "s3cr3t-pass", "other-pass", "field-token-value", KEY, "session=abc", "abcdefghijklmnop"]) {
        expect(out).not.toContain(secret);
      }
      expect(out).toContain("[redacted]");
      expect(out).toContain("lost Redis at redis://[redacted]@cache:6379");
    }
  });

  it("a secret that JSON escapes is scrubbed in its escaped form too", () => {
    const scrub = createScrubber(['quote"inside']);
    expect(scrub(JSON.stringify({ msg: 'x quote"inside y' }))).toBe('{"msg":"x [redacted] y"}');
  });
});

describe("logLine", () => {
  it("turns the runtime's `[component] text` lines into fields at the given level", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    logLine("[discord] shard error: closed", "warn");
    expect(warn).toHaveBeenCalledWith({ component: "discord" }, "shard error: closed");
    warn.mockRestore();
  });
});

describe("attachRequestLog", () => {
  it("logs method, path without the query, status and duration for each request", async () => {
    const info = vi.spyOn(logger, "info").mockImplementation(() => {});
    const server = createServer((_req, res) => res.writeHead(204).end());
    attachRequestLog(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    try {
      await fetch(`http://127.0.0.1:${port}/v1/users/1?key=${KEY}`, { headers: { authorization: KEY } });
      await vi.waitFor(() => expect(info).toHaveBeenCalled());
      const [fields, msg] = info.mock.calls[0]!;
      expect(msg).toBe("request");
      expect(fields).toMatchObject({ method: "GET", path: "/v1/users/1", status: 204, completed: true });
      expect(JSON.stringify(info.mock.calls)).not.toContain(KEY);
    } finally {
      info.mockRestore();
      server.close();
    }
  });
});
