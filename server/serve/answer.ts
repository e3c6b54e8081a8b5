/**
 * A pre-encoded HTTP answer (status, headers, bytes) and the two ways it leaves the server: through
 * h3 (a route returns it) or straight to the Node response (the fast path). Both paths answer the
 * same `Answer` objects, so their status, headers and bytes cannot drift apart.
 * @see README.md#benchmarks
 */
import type { ServerResponse } from "node:http";
import type { H3Event } from "h3";
import { CORS_HEADERS } from "../cors.ts";
import { etagMatches } from "./etag.ts";

/** One header as written: lower-case name and value. */
export type HeaderPair = readonly [name: string, value: string];

/** What a route answers, encoded once and reused for as long as what it shows is unchanged. */
export interface Answer {
  status: number;
  /** Without `content-length`: each path adds it from `body`. */
  headers: readonly HeaderPair[];
  /** `undefined` for a bodiless answer (304). */
  body: Uint8Array | undefined;
}

/** `Content-Type` of JSON answers h3 writes for a returned object (kept byte for byte). */
export const JSON_TYPE = "application/json;charset=UTF-8";

/**
 * Answers through h3: headers and status go on `event.res` (next to CORS and rate-limit headers
 * set by middleware), the bytes are returned, so h3 adds `content-length` and writes them at once.
 * @example
 * app.get("/openapi.json", (event) => sendAnswer(event, answer));
 */
export function sendAnswer(event: H3Event, answer: Answer): Uint8Array | string;
export function sendAnswer(event: H3Event, answer: Answer | Promise<Answer>): Uint8Array | string | Promise<Uint8Array | string>;
export function sendAnswer(event: H3Event, answer: Answer | Promise<Answer>): Uint8Array | string | Promise<Uint8Array | string> {
  if ("then" in answer) return answer.then((ready) => sendAnswer(event, ready));
  event.res.status = answer.status;
  const headers = event.res.headers;
  for (const [name, value] of answer.headers) headers.set(name, value);
  if (event.req.method === "HEAD" && answer.body) {
    headers.set("content-length", String(answer.body.byteLength));
    return "";
  }
  return answer.body ?? "";
}

/**
 * Answers on the Node response, after `before` (CORS and rate-limit headers, in the order the h3
 * middleware sets them), with `content-length` as h3 writes it. With no `before`, or
 * `CORS_HEADERS` alone, the header list is the same on every request, so it is built once per
 * answer and kept on it; any other `before` is extended, so pass a fresh array.
 */
export function writeAnswer(res: ServerResponse, answer: Answer, before?: readonly string[]): void {
  const listed = answer as _Listed;
  let raw: string[];
  // Kept on the answer itself: a lookup by identity (WeakMap) and `Object.isFrozen`, asked on
  // every request, cost a measurable share of the fast path's rate.
  if (before === undefined) raw = listed[kPlain] ??= _flatten(answer, []);
  else if (before === CORS_HEADERS) raw = listed[kCors] ??= _flatten(answer, [...CORS_HEADERS]);
  else raw = _flatten(answer, before as string[]);
  res.writeHead(answer.status, raw);
  res.end(answer.body);
}

/**
 * `answer`, or its 304 (the same headers, no body) when `If-None-Match` names its ETag
 * ({@link etagMatches}).
 * @example
 * conditional(answer, headers.get("if-none-match"));
 */
export function conditional(answer: Answer, ifNoneMatch: string | null | undefined): Answer {
  if (!ifNoneMatch) return answer;
  const etag = answer.headers.find(([name]) => name === "etag")?.[1];
  const named = etag !== undefined && etagMatches(ifNoneMatch, etag);
  return named ? { status: 304, headers: answer.headers, body: undefined } : answer;
}

/** A JSON answer of `value`, encoded now. */
export function jsonAnswer(status: number, value: unknown, type = JSON_TYPE): Answer {
  return { status, headers: [["content-type", type]], body: Buffer.from(JSON.stringify(value)) };
}

// --- internal ---

// Node's `writeHead` reads the list and keeps nothing of it, so one list serves every request.
const kPlain = Symbol("presence-kit.headers");
const kCors = Symbol("presence-kit.headers+cors");

type _Listed = Answer & { [kPlain]?: string[]; [kCors]?: string[] };

function _flatten(answer: Answer, raw: string[]): string[] {
  for (const [name, value] of answer.headers) raw.push(name, value);
  if (answer.body) raw.push("content-length", String(answer.body.byteLength));
  return raw;
}
