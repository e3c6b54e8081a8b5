// Quicklinks against a hostile CDN on 127.0.0.1: hashes that try to leave the avatar path, a
// redirect, an HTML answer with cookies and credentialed CORS, SVG, extra headers, and the demo
// simulator's control state. Then the cache: one CDN fetch for repeated quicklinks, conditional
// requests when stale.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { renderImage } from "../simulator/assets.ts";
import { PERSONAS } from "../simulator/personas.ts";
import { createQuicklinks } from "./quicklinks.ts";

const USER = PERSONAS.coder.id;
const HASH = "0123456789abcdef0123456789abcdef";
const HASH2 = "fedcba9876543210fedcba9876543210";
const PNG = renderImage("avatar", "hostile", 16);
const SECRET = "INTERNAL-SECRET";

/** How the CDN answers the avatar path; default: a PNG with a long max-age. */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let onAvatar: Handler;
const seen: Array<{ path: string; headers: IncomingMessage["headers"] }> = [];
let cdn: Server;
let cdnOrigin: string;
let stack: Stack;

beforeAll(async () => {
  cdn = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({ path, headers: req.headers });
    if (path.includes("redir")) {
      const to = new URL(path, cdnOrigin).searchParams.get("to") ?? "/INTERNAL";
      return void res.writeHead(302, { location: to }).end();
    }
    if (path.startsWith("/INTERNAL")) {
      return void res.writeHead(200, { "content-type": "image/png" }).end(SECRET);
    }
    if (path.startsWith("/cdn/embed/avatars/")) {
      return void res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60" }).end(PNG);
    }
    if (path.startsWith(`/cdn/avatars/${USER}/`)) return onAvatar(req, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("no");
  });
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
  cdnOrigin = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  stack = await startStack({ env: { DISCORD_CDN_URL: `${cdnOrigin}/cdn` } });
});
afterAll(async () => {
  await stack?.close();
  cdn?.close();
});

beforeEach(() => {
  seen.length = 0;
  onAvatar = (_req, res) => res.writeHead(200, { "content-type": "image/png" }).end(PNG);
});

async function setAvatar(avatar: string) {
  const changed = stack.nextChange((c) => c.userId === USER && c.presence?.discord_user.avatar === avatar);
  stack.sim.updateUser({ id: USER, avatar });
  await changed;
}

// Refused answers are never cached; each test that caches one uses its own extension or hash.
async function quicklink(extension = "png", headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.server.url}/${USER}.${extension}`, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe("hashes that are not Discord's form never reach the CDN path", () => {
  it.each([
    `../../redir?to=/INTERNAL&`,
    `../../../INTERNAL?`,
    `${HASH}/../../../redir?to=/INTERNAL#`,
    HASH.toUpperCase(),
    `a_${HASH}0`,
  ])("%s → the default avatar", async (hash) => {
    await setAvatar(hash);
    const { res, body } = await quicklink();
    expect(res.status).toBe(200);
    expect(body.equals(PNG)).toBe(true);
    expect(body.toString()).not.toContain(SECRET);
    expect(seen.map((r) => r.path).filter((p) => !p.startsWith("/cdn/embed/avatars/"))).toEqual([]);
  });
});

describe("answers of a well-formed avatar", () => {
  beforeAll(() => setAvatar(HASH));

  it("a redirect is not followed: 502 upstream_error", async () => {
    onAvatar = (_req, res) => res.writeHead(302, { location: `${cdnOrigin}/INTERNAL` }).end();
    const { res, body } = await quicklink();
    expect(res.status).toBe(502);
    expect(JSON.parse(body.toString()).error.code).toBe("upstream_error");
    expect(seen.map((r) => r.path).some((p) => p.startsWith("/INTERNAL"))).toBe(false);
  });

  it("a text/html answer with set-cookie and credentialed CORS is refused, none of it served", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, {
        "content-type": "text/html",
        "set-cookie": "session=stolen; Path=/",
        "access-control-allow-credentials": "true",
      }).end("<script>alert(document.cookie)</script>");
    const { res, body } = await quicklink();
    expect(res.status).toBe(502);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body.toString()).not.toContain("<script>");
  });

  it.each([
    ["image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"],
    ["application/octet-stream", "x"],
    [undefined, "x"],
  ])("content type %s is refused with 502", async (type, payload) => {
    onAvatar = (_req, res) => res.writeHead(200, type ? { "content-type": type } : {}).end(payload);
    expect((await quicklink()).res.status).toBe(502);
  });

  it("a 404 or 500 of the CDN is a 502, its body not passed on", async () => {
    onAvatar = (_req, res) => res.writeHead(500, { "content-type": "image/png" }).end(SECRET);
    const { res, body } = await quicklink();
    expect(res.status).toBe(502);
    expect(body.toString()).not.toContain(SECRET);
  });

  it("an image passes with only allowlisted headers, nosniff and CORS", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, {
        "content-type": "image/png; charset=binary",
        etag: '"v1"',
        "last-modified": "Wed, 21 Oct 2015 07:28:00 GMT",
        "cache-control": "public, max-age=31536000, immutable",
        "set-cookie": "a=b",
        "access-control-allow-credentials": "true",
        "access-control-allow-origin": "https://evil.example",
        "content-security-policy": "script-src *",
        refresh: "0; url=https://evil.example",
        "x-evil": "1",
      }).end(PNG);
    const { res, body } = await quicklink("gif", { origin: "https://site.example" });
    expect(res.status).toBe(200);
    expect(body.equals(PNG)).toBe(true);
    const names = [...res.headers.keys()];
    for (const bad of ["set-cookie", "access-control-allow-credentials", "refresh", "x-evil"]) {
      expect(names).not.toContain(bad);
    }
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("etag")).toBe('"v1"');
    // The quicklink URL outlives the avatar: clients never get the CDN's year.
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });
});

describe("the cache", () => {
  beforeAll(() => setAvatar(HASH2));
  const avatarHits = () => seen.filter((r) => r.path.startsWith(`/cdn/avatars/${USER}/`));

  it("serves repeated and concurrent quicklinks from one CDN fetch while fresh", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60" }).end(PNG);
    const answers = await Promise.all(Array.from({ length: 5 }, () => quicklink("png")));
    answers.push(await quicklink("png"));
    for (const { res, body } of answers) {
      expect(res.status).toBe(200);
      expect(body.equals(PNG)).toBe(true);
    }
    expect(avatarHits()).toHaveLength(1);
  });

  it("revalidates a stale entry with If-None-Match / If-Modified-Since and serves it on 304", async () => {
    const modified = "Wed, 21 Oct 2015 07:28:00 GMT";
    onAvatar = (req, res) => {
      if (req.headers["if-none-match"] === '"v2"') return void res.writeHead(304, {}).end();
      res.writeHead(200, {
        "content-type": "image/png",
        "cache-control": "no-cache",
        etag: '"v2"',
        "last-modified": modified,
      }).end(PNG);
    };
    const first = await quicklink("webp");
    const second = await quicklink("webp");
    expect(second.res.status).toBe(200);
    expect(second.body.equals(PNG)).toBe(true);
    expect(first.res.headers.get("cache-control")).toBe("public, max-age=0");
    const hits = avatarHits();
    expect(hits).toHaveLength(2);
    expect(hits[0]!.headers["if-none-match"]).toBeUndefined();
    expect(hits[1]!.headers).toMatchObject({ "if-none-match": '"v2"', "if-modified-since": modified });
  });

  it("answers a client's matching If-None-Match with 304 and no body", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60", etag: 'W/"v3"' }).end(PNG);
    const { res, body } = await quicklink("jpeg", { "if-none-match": 'W/"v3"' });
    expect(res.status).toBe(304);
    expect(body.byteLength).toBe(0);
    expect(res.headers.get("etag")).toBe('W/"v3"');
  });

  it("peek (for a fast path) answers only fresh cached avatars, synchronously", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60", etag: '"p"' }).end(PNG);
    const quicklinks = createQuicklinks({ hub: stack.server.hub, cdnUrl: `${cdnOrigin}/cdn` });
    const path = `/${USER}.png`;
    expect(quicklinks.peek(path)).toBeUndefined();
    const fetched = await quicklinks.answer(path);
    expect(quicklinks.peek(path)).toEqual(fetched);
    expect(Buffer.from(fetched.body!).equals(PNG)).toBe(true);
    expect(quicklinks.peek(path, '"p"')).toMatchObject({ status: 304, body: null });
    for (const other of [`/${USER}.svg`, "/1.png", "/nothing", `/${PERSONAS.moon.id}.png`]) {
      expect(quicklinks.peek(other)).toBeUndefined();
    }
    await expect(quicklinks.answer("/1.png")).rejects.toMatchObject({ status: 404 });
    expect(avatarHits()).toHaveLength(1);
  });

  it("follows a new avatar at once, though the old one is still cached and fresh", async () => {
    onAvatar = (_req, res) => res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60" }).end(PNG);
    const [first, second] = ["1".repeat(32), "2".repeat(32)];
    await setAvatar(first);
    expect((await quicklink("jpg")).res.status).toBe(200);
    expect((await quicklink("jpg")).res.status).toBe(200); // from the cache
    await setAvatar(second);
    expect((await quicklink("jpg")).res.status).toBe(200);
    const paths = avatarHits().map((hit) => hit.path);
    expect(paths).toEqual([`/cdn/avatars/${USER}/${first}.jpg?size=1024`, `/cdn/avatars/${USER}/${second}.jpg?size=1024`]);
    await setAvatar(HASH2); // this block's avatar
  });

  it("does not keep a no-store answer", async () => {
    onAvatar = (_req, res) =>
      res.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" }).end(PNG);
    const first = await quicklink("jpg");
    await quicklink("jpg");
    expect(first.res.headers.get("cache-control")).toBe("no-store");
    expect(avatarHits()).toHaveLength(2);
  });
});

describe("demo mode: the simulator's control routes share the CDN's origin", () => {
  let demo: Stack;
  beforeAll(async () => {
    demo = await startStack();
  });
  afterAll(() => demo?.close());

  it("a hash that walks to /_sim/state gets the default avatar, never the control state", async () => {
    const hash = "../../../_sim/state?limit=5&";
    const changed = demo.nextChange((c) => c.userId === USER && c.presence?.discord_user.avatar === hash);
    demo.sim.updateUser({ id: USER, avatar: hash });
    await changed;
    const res = await fetch(`${demo.server.url}/${USER}.png`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(body.subarray(1, 4).toString()).toBe("PNG");
    expect(body.toString("latin1")).not.toContain("members_total");
  });
});
