import { mkdirSync, writeFileSync } from "node:fs";
import { request, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { H3 } from "h3";
import { toNodeHandler } from "h3/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../_test/harness.ts";
import { ErrorCode, apiError, toErrorResponse } from "../errors.ts";
import { STATIC_CACHE_CONTROL, staticRoutes } from "./static.ts";

describe("static files of public/", () => {
  const root = tempDir();
  const dir = join(root.path, "public");
  const bundle = join(dir, "widgets.js");
  let app: H3;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(join(root.path, "secret.js"), "SECRET outside public");
    writeFileSync(join(dir, "style.css"), "p{}");
    writeFileSync(join(dir, "README.md"), "# not served");
    writeFileSync(join(dir, ".env.js"), "SECRET dotfile");
    app = new H3({ onError: toErrorResponse });
    staticRoutes(app, { dir });
    app.all("/**", () => {
      throw apiError(404, ErrorCode.notFound, "Route does not exist");
    });
    server = createServer(toNodeHandler(app));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    root.remove();
  });

  it("answers 404 with the envelope and the build command while the bundle is missing", async () => {
    const res = await app.request("/widgets.js");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      success: false,
      error: { code: "not_found", message: "widgets.js is not built: run `npm run build:widgets`" },
    });
  });

  it("serves a bundle built after start, with type, cache-control, ETag and 304", async () => {
    writeFileSync(bundle, "export const a = 1;");
    const res = await app.request("/widgets.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe(STATIC_CACHE_CONTROL);
    expect(await res.text()).toBe("export const a = 1;");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request("/widgets.js", { headers: { "if-none-match": `W/${etag}, "x"` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const head = await app.request("/widgets.js", { method: "HEAD" });
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([200, "19", ""]);
  });

  it("serves the new contents and ETag after a rebuild", async () => {
    const before = (await app.request("/widgets.js")).headers.get("etag");
    writeFileSync(bundle, "export const a = 22;");
    const res = await app.request("/widgets.js", { headers: { "if-none-match": before! } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("export const a = 22;");
    expect(res.headers.get("etag")).not.toBe(before);
  });

  it("serves other files of known types, never README.md or dotfiles", async () => {
    const css = await app.request("/style.css");
    expect([css.status, css.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);
    for (const path of ["/README.md", "/.env.js", "/public/widgets.js"]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("never serves a file outside public/, whatever the raw path", async () => {
    const paths = [
      "/../secret.js",
      "/..%2fsecret.js",
      "/%2e%2e/secret.js",
      "/%2e%2e%2fsecret.js",
      "/widgets.js/../../secret.js",
      "/widgets.js%2f..%2f..%2fsecret.js",
      "/..\\secret.js",
      "//secret.js",
      "/./../public/../secret.js",
    ];
    for (const path of paths) {
      const { status, body } = await _rawGet(origin, path);
      expect(body, path).not.toContain("SECRET");
      expect(status, path).toBe(404);
    }
  });
});

// --- internal ---

/** A GET with the path sent byte for byte (fetch and URL would normalise `..` away). */
function _rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { path }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
