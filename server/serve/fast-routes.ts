/**
 * What the fast path takes from the h3 app it runs ahead of: the static answers (`/health`,
 * `/openapi.json`, `/docs`, files of `public/`), fresh cached quicklinks, and which paths h3 routes
 * to nothing but its catch-all (those are answered 404 `not_found` without entering h3).
 * @see README.md#benchmarks
 */
import type { H3, H3Event } from "h3";
import { NOT_FOUND } from "../errors.ts";
import { createKeyMemo } from "../limits/key-memo.ts";
import type { QuicklinkAnswer, Quicklinks } from "../quicklinks/quicklinks.ts";
import type { Answer, HeaderPair } from "./answer.ts";
import type { FastPathDeps, FastRoute } from "./fast-path.ts";

/**
 * The fast path's routes beyond the snapshots and cards, from the same objects the h3 app uses.
 * @example
 * createFastPath({ config, limits, snapshots, durations, ...fastRoutes(app, { statics, quicklinks }) });
 */
export function fastRoutes(app: H3, parts: { statics: FastRoute[]; quicklinks: Quicklinks }): Pick<FastPathDeps, "statics" | "quicklinks" | "unrouted" | "notFound"> {
  const { quicklinks } = parts;
  // Quicklinks shares its answers per cached avatar: each is converted once.
  const converted = new WeakMap<QuicklinkAnswer, Answer>();
  return {
    statics: new Map(parts.statics.map((file) => [file.route, file])),
    quicklinks(path, ifNoneMatch) {
      const link = quicklinks.peek(path, ifNoneMatch);
      if (!link) return undefined;
      let answer = converted.get(link);
      if (!answer) {
        const headers: HeaderPair[] = Object.entries(link.headers);
        converted.set(link, (answer = { status: link.status, headers, body: link.body ?? undefined }));
      }
      return answer;
    },
    unrouted: _unrouted(app),
    notFound: NOT_FOUND,
  };
}

// --- internal ---

type _FindRoute = (event: Pick<H3Event, "req" | "url">) => { data: { route?: string } } | undefined;

/**
 * Asks h3's own router which route a GET of a path would reach (h3 has no public API for it;
 * without `~findRoute` every unknown path simply goes to h3, which answers the same 404).
 */
function _unrouted(app: H3): ((path: string) => boolean) | undefined {
  const find = (app as unknown as { "~findRoute"?: _FindRoute })["~findRoute"];
  if (typeof find !== "function") return undefined;
  const req = { method: "GET" } as H3Event["req"];
  // Routes do not change once the app is built, so answers are kept for the paths asked most
  // (a README's quicklink, a scanner's favourite); a client picks the paths, so the memo is bounded
  // in entries and in bytes.
  const known = createKeyMemo<boolean>({ maxEntries: 1024, maxKeyBytes: 64 * 1024 });
  return (path) => {
    let unrouted = known.get(path);
    if (unrouted === undefined) {
      unrouted = find.call(app, { req, url: { pathname: path } as URL })?.data.route === "/**";
      known.set(path, unrouted);
    }
    return unrouted;
  };
}
