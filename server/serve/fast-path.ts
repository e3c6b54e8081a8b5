/**
 * The fast path: hot GETs answered on the Node response before h3 sees them — the snapshot route
 * of every dialect and the precompressed static answers. It applies the same CORS, rate-limit,
 * metrics and error rules as the h3 app, by calling the same functions; anything it does not
 * recognise exactly (another method, an encoded or odd path, a HEAD) goes to h3 untouched.
 * @see README.md#benchmarks
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Config } from "../config.ts";
import { CORS_HEADERS } from "../cors.ts";
import { ErrorCode, errorAnswer } from "../errors.ts";
import { clientAddressOf } from "../limits/client-ip.ts";
import { limitKind, type RateLimits } from "../limits/middleware.ts";
import { logger } from "../log/logger.ts";
import { isQuicklinkPath } from "../quicklinks/quicklinks.ts";
import type { HttpDurations } from "../metrics/http-duration.ts";
import type { LimitKind } from "../metrics/registry.ts";
import { writeAnswer, type Answer } from "./answer.ts";
import { SNAPSHOT_ROUTES, type SnapshotDialect, type Snapshots } from "./snapshots.ts";

/** Answers a request and returns `true`, or returns `false` and leaves it alone. */
export type FastPath = (req: IncomingMessage, res: ServerResponse, start: number) => boolean;

/** Request headers by lower-case name: a fetch `Headers`, or a view of Node's. */
export interface HeaderReader {
  get(name: string): string | null | undefined;
}

/** A static route both paths serve: its h3 pattern and how it answers. */
export interface FastRoute {
  /** The pattern h3 registers it under (the histogram's `route` label). */
  route: string;
  /** The answer for a request with these headers (`accept-encoding`, `if-none-match`). */
  answer(headers: HeaderReader): Answer | Promise<Answer>;
}

/** What {@link createFastPath} needs: the same rule objects the h3 app was given. */
export interface FastPathDeps {
  config: Pick<Config, "trustProxyHeader">;
  limits: RateLimits;
  snapshots: Snapshots;
  durations: HttpDurations;
  /** Exact paths served as static answers (`/openapi.json`, `/docs`, `/widgets.js`…). */
  statics?: Map<string, FastRoute>;
  /** Cards already rendered (`cachedCard` of the card route); a miss goes to h3. */
  cards?: (id: string, format: "svg" | "png", search: string, headers: HeaderReader) => (() => Answer) | undefined;
  /** Quicklinks whose avatar is cached and fresh (`Quicklinks.peek`); a miss goes to h3. */
  quicklinks?: (path: string, ifNoneMatch: string | undefined) => Answer | undefined;
  /**
   * Whether h3 routes a GET of `path` to nothing but its catch-all (`/**`): such a path that is
   * not a quicklink is answered `notFound` here. Without it every unknown path goes to h3.
   */
  unrouted?: (path: string) => boolean;
  /** The catch-all's answer for a path that is no route (404 `not_found`). */
  notFound?: Answer;
}

/**
 * Creates the fast path.
 * @example
 * const fastPath = createFastPath({ config, limits, snapshots, durations: metrics.httpDurations });
 */
export function createFastPath(deps: FastPathDeps): FastPath {
  const { config, limits, snapshots, durations, statics = new Map(), cards, quicklinks, unrouted, notFound } = deps;
  const trust = config.trustProxyHeader?.toLowerCase();
  // Which budget a route draws from is known per route, so it is found once here rather than per
  // request (`limitKind` of the same path gives the same answer: a snapshot route is "rest").
  const covered = (kind: LimitKind | undefined): LimitKind | undefined => (kind && limits.covers(kind) ? kind : undefined);
  const snapshotKind = covered(limitKind("GET", "/v1/users/0", undefined));
  const cardKind = covered(limitKind("GET", "/cards/0.svg", undefined));
  const files = new Map([...statics].map(([path, file]) => [path, { file, kind: covered(limitKind("GET", path, undefined)) }]));
  return function _fastPath(req, res, start) {
    if (req.method !== "GET") return false;
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    let route: string;
    let kind: LimitKind | undefined;
    // A static file is read, and a card taken from the cache, only once the request is known to
    // be within its budget, as on h3.
    let answer: Answer | undefined;
    let take: (() => Answer | Promise<Answer>) | undefined;
    let file: FastRoute | undefined;
    const dialect = _snapshotDialect(path);
    if (dialect) {
      route = SNAPSHOT_ROUTES[dialect];
      kind = snapshotKind;
      answer = snapshots.answer(dialect, path.slice(_SNAPSHOT_PREFIX[dialect].length));
    } else if (path.startsWith(_CARDS)) {
      const format = cards && _cardFormat(path);
      take = (format && cards(path.slice(_CARDS.length, -".svg".length), format, q === -1 ? "" : url.slice(q), new _Reader(req))) || undefined;
      if (!take) return false;
      route = "/cards/:file";
      kind = cardKind;
    } else {
      const known = files.get(path);
      if (known) {
        file = known.file;
        route = known.file.route;
        kind = known.kind;
      } else {
        // Both the quicklinks and "no such route" are h3's catch-all, recorded as `/**`.
        route = "/**";
        if (!_PLAIN.test(path) || !unrouted?.(path)) return false;
        if (isQuicklinkPath(path)) {
          answer = quicklinks?.(path, requestHeader(req, "if-none-match"));
          if (!answer) return false;
        } else if (notFound) answer = notFound;
        else return false;
        kind = covered(limitKind("GET", path, undefined));
      }
    }
    // The shared (frozen) CORS list as is, or a fresh list once rate-limit headers join it.
    let before: readonly string[] | undefined = requestHeader(req, "origin") ? CORS_HEADERS : undefined;
    if (kind) {
      const address = clientAddressOf(trust ? requestHeader(req, trust) : undefined, req.socket.remoteAddress);
      const outcome = address === undefined ? undefined : limits.take(kind, address);
      if (outcome) {
        before = before ? [...before, ...outcome.headers] : outcome.headers;
        if (outcome.refused) (answer = outcome.refused), (take = undefined), (file = undefined);
      }
    }
    const ready = take ? take() : file ? file.answer(new _Reader(req)) : answer!;
    // No closure on the common (synchronous) answer: one allocation less per request.
    if (!("then" in ready)) _send(res, ready, before, durations, route, start);
    else ready.then((loaded) => _send(res, loaded, before, durations, route, start), (error: Error) => _failed(res, error, before));
    return true;
  };
}

/**
 * A request header by lower-case name, read from `req.rawHeaders` (repeated values joined with
 * ", ", as Node's `req.headers` joins these): asking `req.headers` would build an object of every
 * header the client sent, a dozen from a browser, on each request.
 * @example
 * requestHeader(req, "if-none-match"); // undefined when absent
 */
export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const raw = req.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

// --- internal ---

// Each dialect's snapshot path is its route's prefix and then the id. Only plain digits are taken: an
// escaped, dotted or otherwise odd id is left to h3's router and decoder. Read by hand rather
// than with a regular expression, whose match array and captured strings cost an allocation
// each on every request.
const _SNAPSHOTS = Object.entries(SNAPSHOT_ROUTES).map(([dialect, route]) => [dialect, route.slice(0, -":id".length)]) as Array<[SnapshotDialect, string]>;
const _SNAPSHOT_PREFIX = Object.fromEntries(_SNAPSHOTS) as Record<SnapshotDialect, string>;

// The character after the first "/" of any snapshot route: a cheap first test for other paths.
const _SNAPSHOT_FIRST = new Set(_SNAPSHOTS.map(([, prefix]) => prefix.charCodeAt(1)));

/** The dialect whose snapshot route `path` is (`/v1/users/<1–20 digits>`…), or `undefined`. */
function _snapshotDialect(path: string): SnapshotDialect | undefined {
  if (!_SNAPSHOT_FIRST.has(path.charCodeAt(1))) return undefined;
  for (const [dialect, prefix] of _SNAPSHOTS) if (path.startsWith(prefix) && _digits(path, prefix.length, path.length)) return dialect;
  return undefined;
}

const _CARDS = "/cards/";

/** The format of a card path (`/cards/<1–20 digits>.svg` or `.png`), or `undefined`. */
function _cardFormat(path: string): "svg" | "png" | undefined {
  if (!_digits(path, _CARDS.length, path.length - ".svg".length)) return undefined;
  return path.endsWith(".svg") ? "svg" : path.endsWith(".png") ? "png" : undefined;
}

/** Whether `path[from..to)` is 1 to 20 ASCII digits. */
function _digits(path: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 20) return false;
  for (let i = from; i < to; i++) {
    const c = path.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// A path h3 sees exactly as written: no escapes, no `.`/`..` segments, no empty or trailing
// segment (h3 ignores a trailing slash when matching).
const _PLAIN = /^(?:\/[\w-][\w.-]*)+$/;

function _send(res: ServerResponse, answer: Answer, before: readonly string[] | undefined, durations: HttpDurations, route: string, start: number): void {
  writeAnswer(res, answer, before);
  durations.observe(route, (performance.now() - start) / 1000);
}

/** What h3's error hook answers for a bug: the envelope, never the message. */
function _failed(res: ServerResponse, error: Error, before: readonly string[] | undefined): void {
  logger.error({ err: error }, "unhandled error");
  writeAnswer(res, errorAnswer(500, ErrorCode.internal, "Internal server error"), before);
}

/** Node's request headers as a {@link HeaderReader} (a class: no closure per request). */
class _Reader implements HeaderReader {
  readonly #req: IncomingMessage;
  constructor(req: IncomingMessage) {
    this.#req = req;
  }
  get(name: string): string | undefined {
    return requestHeader(this.#req, name);
  }
}
