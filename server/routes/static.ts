/**
 * The files of `public/` at the root: the widget bundle `/widgets.js` and any other file there of
 * a known type. Only the names listed when the app is created become routes, so a request path
 * never reaches the file system and cannot traverse out of `public/`. Contents are re-read when a
 * file's mtime or size changes, so a rebuilt bundle is served without a restart.
 * @see README.md#web-components
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { H3, H3Event } from "h3";
import { ErrorCode, apiError } from "../errors.ts";

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
export function staticRoutes(app: H3, { dir = PUBLIC_DIR }: { dir?: string } = {}): void {
  for (const name of new Set([_BUNDLE, ..._servable(dir)])) {
    const file = _cachedFile(join(dir, name));
    const handler = (event: H3Event) => _serve(event, name, file);
    app.get(`/${name}`, handler);
    app.on("HEAD", `/${name}`, handler);
  }
}

// --- internal ---

const _BUNDLE = "widgets.js";

interface _Loaded {
  body: Buffer;
  etag: string;
}

async function _serve(event: H3Event, name: string, file: () => Promise<_Loaded | undefined>) {
  const loaded = await file();
  if (!loaded) {
    const message =
      name === _BUNDLE ? "widgets.js is not built: run `npm run build:widgets`" : "File not found";
    throw apiError(404, ErrorCode.notFound, message);
  }
  const headers = event.res.headers;
  headers.set("content-type", STATIC_TYPES[extname(name)]!);
  headers.set("cache-control", STATIC_CACHE_CONTROL);
  headers.set("etag", loaded.etag);
  headers.set("x-content-type-options", "nosniff");
  const match = event.req.headers.get("if-none-match")?.split(",");
  if (match?.some((tag) => tag.trim().replace(/^W\//, "") === loaded.etag)) {
    event.res.status = 304;
    return "";
  }
  headers.set("content-length", String(loaded.body.length));
  return event.req.method === "HEAD" ? "" : new Uint8Array(loaded.body);
}

/** Reads a file again only when its mtime or size changed; `undefined` while it is missing. */
function _cachedFile(path: string): () => Promise<_Loaded | undefined> {
  let cached: (_Loaded & { version: string }) | undefined;
  return async function _load() {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return (cached = undefined);
    const version = `${info.mtimeMs}:${info.size}`;
    if (cached?.version !== version) {
      const body = await readFile(path);
      const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
      cached = { body, etag, version };
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
