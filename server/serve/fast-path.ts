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
import { createKeyMemo } from "../limits/key-memo.ts";
import { limitKind, type RateLimits } from "../limits/middleware.ts";
import { logger } from "../log/logger.ts";
import { isQuicklinkPath } from "../quicklinks/quicklinks.ts";
import type { HttpDurations } from "../metrics/http-duration.ts";
import type { LimitKind } from "../metrics/registry.ts";
import { writeAnswer, type Answer } from "./answer.ts";
import { CARDS_PREFIX, cardFormat, isPlainPath, SNAPSHOT_PREFIX, snapshotDialect } from "./fast-path-paths.ts";
import { SNAPSHOT_ROUTES, type Snapshots } from "./snapshots.ts";

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
  /** How many snapshot URLs are kept resolved, oldest out first (each at most 33 bytes). @default 10000 */
  resolvedUrls?: number;
}

/**
 * Creates the fast path.
 * @example
 * const fastPath = createFastPath({ config, limits, snapshots, durations: metrics.httpDurations });
 */
export function createFastPath(deps: FastPathDeps): FastPath {
  const { config, limits, snapshots, durations, statics = new Map(), cards, quicklinks, unrouted, notFound, resolvedUrls = 10_000 } = deps;
  const trust = config.trustProxyHeader?.toLowerCase();
  // Which budget a route draws from is known per route, so it is found once here rather than per
  // request (`limitKind` of the same path gives the same answer: a snapshot route is "rest").
  const covered = (kind: LimitKind | undefined): LimitKind | undefined => (kind && limits.covers(kind) ? kind : undefined);
  const snapshotKind = covered(limitKind("GET", "/v1/users/0", undefined));
  const cardKind = covered(limitKind("GET", "/cards/0.svg", undefined));
  const files = new Map([...statics].map(([path, file]) => [path, { file, kind: covered(limitKind("GET", path, undefined)) }]));
  // A snapshot URL asked for once is resolved by one lookup of the whole URL afterwards, as a bare
  // node:http handler finds its answer: the path is not parsed again, and the id string kept
  // here has its hash computed once for every map it is looked up in. Bounded like every memo of
  // client-chosen keys (a client walking through ids costs a parse per request, as without it).
  const resolved = createKeyMemo<_KnownSnapshot>({ maxEntries: resolvedUrls, maxKeyBytes: resolvedUrls * _LONGEST_SNAPSHOT_URL });
  return function _fastPath(req, res, start) {
    if (req.method !== "GET") return false;
    const url = req.url ?? "";
    let route: string;
    let kind: LimitKind | undefined;
    // A static file is read, and a card taken from the cache, only once the request is known to
    // be within its budget, as on h3.
    let answer: Answer | undefined;
    let take: (() => Answer | Promise<Answer>) | undefined;
    let file: FastRoute | undefined;
    const hit = resolved.get(url);
    if (hit) {
      route = hit.route;
      kind = snapshotKind;
      answer = hit.answer(hit.id);
    } else {
      const q = url.indexOf("?");
      const path = q === -1 ? url : url.slice(0, q);
      const dialect = snapshotDialect(path);
      if (dialect) {
        route = SNAPSHOT_ROUTES[dialect];
        kind = snapshotKind;
        const entry = { answer: snapshots.of(dialect), id: path.slice(SNAPSHOT_PREFIX[dialect].length), route };
        answer = entry.answer(entry.id);
        if (q === -1) resolved.set(url, entry);
      } else if (path.startsWith(CARDS_PREFIX)) {
        const format = cards && cardFormat(path);
        take = (format && cards(path.slice(CARDS_PREFIX.length, -".svg".length), format, q === -1 ? "" : url.slice(q), new _Reader(req))) || undefined;
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
          if (!isPlainPath(path) || !unrouted?.(path)) return false;
          if (isQuicklinkPath(path)) {
            answer = quicklinks?.(path, requestHeader(req, "if-none-match"));
            if (!answer) return false;
          } else if (notFound) answer = notFound;
          else return false;
          kind = covered(limitKind("GET", path, undefined));
        }
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

/** The longest path {@link snapshotDialect} takes: the longest prefix and a 20-digit id. */
const _LONGEST_SNAPSHOT_URL = Math.max(...Object.values(SNAPSHOT_PREFIX).map((prefix) => prefix.length)) + 20;

/** A snapshot URL resolved: its dialect's answers, the id and the route pattern. */
interface _KnownSnapshot {
  answer: (id: string) => Answer;
  id: string;
  route: string;
}

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
