/**
 * The files of `public/` at the root: the widget bundle `/widgets.js` and any other file there of
 * a known type. Only the names listed when the app is created become routes, so a request path
 * never reaches the file system and cannot traverse out of `public/`. Contents are re-read when a
 * file's mtime or size changes, so a rebuilt bundle is served without a restart.
 * @see README.md#web-components
 */
import { readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { H3, H3Event } from "h3";
import { ErrorCode, errorAnswer } from "../errors.ts";
import { sendAnswer, type Answer } from "../serve/answer.ts";
import type { FastRoute, HeaderReader } from "../serve/fast-path.ts";
import { identityOnly, negotiate, precompress, type Precompressed } from "../serve/precompressed.ts";

/** The folder served: the repository's `public/`. */
export const PUBLIC_DIR = fileURLToPath(new URL("../../public/", import.meta.url));

/** Short, so a redeployed bundle reaches pages within minutes; ETags make revalidation cheap. */
export const STATIC_CACHE_CONTROL = "public, max-age=300";

/** Content types by extension; files of other types (README.md…) are not served. */
export const STATIC_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * Registers `GET`/`HEAD /<name>` for `/widgets.js` (built or not) and every servable file of
 * `dir`. Register before the quicklinks' catch-all.
 * @example
 * staticRoutes(app); // GET /widgets.js
 */
export function staticRoutes(
  app: H3,
  { dir = PUBLIC_DIR, files = staticFiles(dir) }: { dir?: string; files?: FastRoute[] } = {},
): void {
  for (const file of files) {
    const handler = (event: H3Event) => sendAnswer(event, file.answer(event.req.headers));
    app.get(file.route, handler);
    app.on("HEAD", file.route, handler);
  }
}

/**
 * The files of `dir` as answers shared by the h3 routes and the fast path: each file is read and
 * compressed (gzip, brotli for text types) again only when its mtime or size changed.
 * @example
 * staticFiles().map((f) => f.route); // ["/widgets.js", …]
 */
export function staticFiles(dir: string = PUBLIC_DIR): FastRoute[] {
  return [...new Set([_BUNDLE, ..._servable(dir)])].map((name) => {
    const file = _cachedFile(join(dir, name), STATIC_TYPES[extname(name)]!);
    return { route: `/${name}`, answer: (headers: HeaderReader) => _serve(headers, name, file) };
  });
}

// --- internal ---

const _BUNDLE = "widgets.js";

async function _serve(headers: HeaderReader, name: string, file: () => Promise<Precompressed | undefined>): Promise<Answer> {
  const loaded = await file();
  if (!loaded) {
    const message =
      name === _BUNDLE ? "widgets.js is not built: run `npm run build:widgets`" : "File not found";
    return errorAnswer(404, ErrorCode.notFound, message);
  }
  return negotiate(loaded, headers.get("accept-encoding"), headers.get("if-none-match"));
}

/** Reads a file again only when its mtime or size changed; `undefined` while it is missing. */
function _cachedFile(path: string, contentType: string): () => Promise<Precompressed | undefined> {
  let cached: (Precompressed & { version: string }) | undefined;
  // Images and fonts are compressed already: only text types get gzip and brotli.
  const compress = /^text\/|json|svg/.test(contentType);
  return async function _load() {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return (cached = undefined);
    const version = `${info.mtimeMs}:${info.size}`;
    if (cached?.version !== version) {
      const body = await readFile(path);
      const options = { contentType, cacheControl: STATIC_CACHE_CONTROL, nosniff: true };
      cached = { ...(compress ? precompress(body, options) : identityOnly(body, options)), version };
    }
    return cached;
  };
}

/** Plain file names with a known type; dotfiles and odd names are never routes. */
function _servable(dir: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {}
  return entries.filter((name) => /^\w[\w.-]*$/.test(name) && Object.hasOwn(STATIC_TYPES, extname(name)));
}
