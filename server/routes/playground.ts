import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { getRouterParam, type H3, type H3Event } from "h3";
import type { AppDeps } from "../app.ts";
import { ErrorCode, apiError } from "../errors.ts";
import { etagMatches } from "../serve/etag.ts";

/** Where the page and its assets live, beside `server/`. */
export const PLAYGROUND_DIR = new URL("../../playground/", import.meta.url);

/** Most users `GET /playground/users` lists: enough for a picker, small on a big server. */
export const PLAYGROUND_USERS_MAX = 200;

/** Asset `Cache-Control`: short, so an upgrade shows up soon; ETags make revalidation cheap. */
export const PLAYGROUND_CACHE = "public, max-age=60";

/**
 * The playground: `GET /` for a browser (an `Accept` that prefers `text/html`) answers the try-it
 * page, every other `GET /` falls through to the JSON info route and WebSocket upgrades to the
 * Grux socket. Its assets are served from `playground/` at `/playground/<name>`, and
 * `GET /playground/users` lists monitored users for the page's picker.
 * @see README.md#playground
 */
export function playgroundRoutes(app: H3, { config, hub, simulator }: AppDeps): void {
  // Escaped once: PUBLIC_URL is a validated URL, but it lands in an HTML attribute.
  const publicUrl = _escapeAttribute(config.publicUrl ?? "");
  // The page offers a demo API key only when this process runs the simulator.
  const demo = simulator ? "true" : "false";

  // A middleware, not a second `GET /` route: `/` keeps its JSON route and its Grux upgrade.
  app.use(async function _playgroundPage(event) {
    if (event.url.pathname !== "/" || _isUpgrade(event)) return;
    event.res.headers.append("vary", "accept");
    if (event.req.method !== "GET" && event.req.method !== "HEAD") return;
    if (!prefersHtml(event.req.headers.get("accept"))) return;
    const page = (await _read("index.html")).toString("utf8");
    const html = page.replace("%PUBLIC_URL%", publicUrl).replace("%DEMO%", demo);
    event.res.headers.set("content-security-policy", _CSP);
    return _send(event, Buffer.from(html), "index.html");
  });

  app.get("/playground/users", function _playgroundUsers() {
    // Listing every monitored user is what subscribe_to_all exposes: same switch.
    if (!config.allowSubscribeAll) {
      throw apiError(403, ErrorCode.subscribeAllDisabled, "Listing users is disabled on this server (ALLOW_SUBSCRIBE_ALL=false)");
    }
    const users = [];
    for (const id of hub.ids()) {
      if (users.length >= PLAYGROUND_USERS_MAX) break;
      const presence = hub.get(id)?.presence;
      if (!presence) continue;
      const { username, display_name, avatar_url, bot } = presence.user;
      // What they are doing lets the page open on someone interesting.
      const activity = presence.activities.find((a) => a.type !== 4)?.name ?? null;
      const discord_status = presence.discord_status;
      users.push({ id, username, display_name, avatar_url, bot, discord_status, activity });
    }
    return { success: true, data: users };
  });

  app.get("/playground/:file", async function _playgroundAsset(event) {
    // Raw (undecoded) and whitelisted by shape: no separator, no dot segment, no escape can pass.
    const name = getRouterParam(event, "file") ?? "";
    const match = _ASSET_NAME.exec(name);
    if (!match) throw apiError(404, ErrorCode.notFound, "No such playground file");
    const body = await _read(name).catch(() => undefined);
    if (!body) throw apiError(404, ErrorCode.notFound, "No such playground file");
    return _send(event, body, name);
  });
}

/**
 * Whether an `Accept` header prefers HTML to JSON. Only an explicit `text/html` counts, so a bare
 * wildcard (curl, fetch) and an absent header keep getting JSON; a tie goes to HTML, since
 * browsers rank `text/html` first and the wildcard at `q=0.8`.
 * @example
 * prefersHtml("text/html,application/xhtml+xml,*\/*;q=0.8"); // true
 * prefersHtml("application/json, text/html;q=0.5"); // false
 */
export function prefersHtml(accept: string | null | undefined): boolean {
  if (!accept) return false;
  const q = new Map<string, number>();
  for (const part of accept.toLowerCase().split(",")) {
    const [type = "", ...params] = part.split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (type && Number.isFinite(value) && !q.has(type)) q.set(type, value);
  }
  const html = q.get("text/html") ?? 0;
  const json = q.get("application/json") ?? q.get("application/*") ?? q.get("*/*") ?? 0;
  return html > 0 && html >= json;
}

// --- internal ---

const _ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.(html|js|css|svg|png)$/;

const _TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
};

// Same-origin scripts and connections only (the page promises no external network); images may
// come from the configured CDNs, whatever host they are on.
const _CSP = [
  "default-src 'self'",
  "img-src 'self' data: http: https:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

function _read(name: string): Promise<Buffer> {
  return readFile(new URL(name, PLAYGROUND_DIR));
}

function _send(event: H3Event, body: Buffer, name: string): Buffer | Response {
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = event.res.headers;
  headers.set("etag", etag);
  headers.set("cache-control", PLAYGROUND_CACHE);
  headers.set("x-content-type-options", "nosniff");
  const ifNoneMatch = event.req.headers.get("if-none-match");
  if (ifNoneMatch && etagMatches(ifNoneMatch, etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("content-type", _TYPES[name.slice(name.lastIndexOf(".") + 1)]!);
  return body;
}

function _isUpgrade(event: H3Event): boolean {
  return event.req.headers.get("upgrade")?.toLowerCase() === "websocket";
}

function _escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
