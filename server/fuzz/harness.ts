/**
 * Shared pieces of the fuzz suites: one real stack per file, raw HTTP requests (so paths reach the
 * server byte for byte, unlike `fetch`, which normalises them), run counts that `FUZZ_RUNS` scales,
 * a `FUZZ_SEED` for replaying a failure, and the checks every case ends with.
 * @see README.md#fuzzing
 */
import { request as httpRequest } from "node:http";
import fc from "fast-check";
import { expect, vi } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { PERSONAS, type SimulatorOptions } from "../simulator/index.ts";
import { logger } from "../log/logger.ts";

/** A persona that is monitored in every stack, and a snowflake that never is. */
export const kKnownId = PERSONAS.mobile.id;
export const kUnknownId = "100000000000000001";

/** An HTTP answer, body as text and (when it parses) as JSON. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Request options of {@link send}. */
export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Give up on the body after this many ms: resolves with what arrived. @default 3000 */
  timeoutMs?: number;
}

/**
 * The fuzz context of one test file: the stack, the run count for a property of weight `n`
 * (`FUZZ_RUNS` overrides the total), fast-check parameters, and a case counter printed at the end.
 */
export async function startFuzz(name: string, env: Record<string, string> = {}, sim: SimulatorOptions = {}) {
  const stack = await startStack({ env, sim });
  const url = new URL(stack.server.url);
  // Unhandled errors are logged through logger.error by `toErrorResponse`: any is a failure.
  const errors = vi.spyOn(logger, "error");
  /** `/health` answers 200 and nothing was logged as unhandled. */
  let cases = 0;
  const factor = Number(process.env.FUZZ_RUNS ?? 0) > 0 ? Number(process.env.FUZZ_RUNS) / 100 : 1;
  const seed = process.env.FUZZ_SEED === undefined ? 20261123 : Number(process.env.FUZZ_SEED);
  const healthy = async () => {
    const health = await send(url, "/health", {});
    expect(health.status).toBe(200);
    expect(errors.mock.calls.map((c) => c.map((a) => (a as { err?: Error })?.err?.stack ?? String(a)).join(" "))).toEqual([]);
  };
  return {
    stack,
    healthy,
    /** Raw HTTP to the server; `path` goes on the request line as given. */
    send(path: string, options: SendOptions = {}): Promise<RawResponse> {
      return send(url, path, options);
    },
    /** Runs an async property `runs` times (scaled by `FUZZ_RUNS`/100), counting the cases. */
    async check<T>(runs: number, arb: fc.Arbitrary<T>, property: (value: T) => Promise<void>) {
      const numRuns = Math.max(1, Math.round(runs * factor));
      await fc.assert(
        fc.asyncProperty(arb, async (value) => {
          cases += 1;
          await property(value);
        }),
        { numRuns, seed, endOnFailure: true },
      );
      await healthy();
    },
    async close() {
      errors.mockRestore();
      await stack.close();
      console.log(`[fuzz] ${name}: ${cases} cases`);
    },
  };
}

export type Fuzz = Awaited<ReturnType<typeof startFuzz>>;
export type { Stack };

/**
 * The checks of a documented JSON error: a 4xx status, a JSON content type, and the envelope
 * (`{ success: false, error: { code, message } }`, or originoid's without `success`).
 */
export function expectJsonError(res: RawResponse, statuses: number[], codes: string[], withSuccess = true) {
  if (isNodeRefusal(res)) return;
  expect(res.headers["content-type"], res.text).toMatch(/^application\/json/);
  expect(statuses, `${res.status} ${res.text}`).toContain(res.status);
  expect(codes, res.text).toContain(res.json?.error?.code);
  expect(typeof res.json.error.message).toBe("string");
  if (withSuccess) expect(res.json.success).toBe(false);
}

/**
 * Node's HTTP parser answers a request line plus headers over 16 KiB itself, with a bare 431 that
 * never reaches the app (`--max-http-header-size`).
 */
export function isNodeRefusal(res: RawResponse): boolean {
  return res.status === 431 && res.text === "";
}

/** Strings a client might put where an id goes: random, unicode, huge, numeric, near-snowflakes. */
export const anyId = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.stringMatching(/^[0-9]{15,22}$/),
  fc.constantFrom(kKnownId, kUnknownId, "@me", "0", "-1", "1e18", " 1", "..", ".", "%", "%00", "null"),
  fc.string({ minLength: 2000, maxLength: 9000, unit: fc.constantFrom("1", "a", "é", "%", "/") }),
);

/**
 * A path segment for an id: percent-encoded (always sendable) or raw printable bytes. Never empty
 * nor a dot segment (`..`, `%2e%2e`) and without `\`: URL parsing turns those into other paths.
 */
export const anySegment = fc.oneof(
  anyId.map((id) => encodeURIComponent(id)),
  fc.stringMatching(/^[!-~]{0,40}$/).filter((s) => !s.includes("?") && !s.includes("#") && !s.includes("/")),
  fc.constantFrom("%", "%zz", "%E0%A4%A", "%C0%AF", "%FF", "%2F", "%00", "%25", "a%2", "%%"),
).filter((s) => s !== "" && !s.includes("\\") && !/^(\.|%2e){1,2}$/i.test(s));

// --- internal ---

function send(base: URL, path: string, options: SendOptions): Promise<RawResponse> {
  const { method = "GET", headers = {}, body, timeoutMs = 3000 } = options;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path, method, headers, agent: false });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (status: number, resHeaders: RawResponse["headers"]) => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString("utf8");
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {}
      resolve({ status, headers: resHeaders, text, json });
    };
    req.on("response", (res) => {
      // An event stream never ends by itself: its first chunk is enough.
      const firstChunk = /^text\/event-stream/.test(res.headers["content-type"] ?? "");
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (firstChunk) (finish(res.statusCode ?? 0, res.headers), req.destroy());
      });
      res.on("end", () => finish(res.statusCode ?? 0, res.headers));
      res.on("error", () => finish(res.statusCode ?? 0, res.headers));
      timer = setTimeout(() => (finish(res.statusCode ?? 0, res.headers), req.destroy()), timeoutMs);
    });
    req.on("error", reject);
    req.end(body);
  });
}
