import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anySegment,
  expectJsonError,
  isNodeRefusal,
  startFuzz,
  type Fuzz,
  type RawResponse,
} from "./harness.ts";

// Every route that takes an id in its path, fed arbitrary ids: each answers what README documents
// for it (its dialect's envelope included), never a 500 and never a body that is not JSON.

let fuzz: Fuzz;
beforeAll(async () => {
  fuzz = await startFuzz("routes");
});
afterAll(() => fuzz?.close());

const kBad = ["bad_request"];

describe("fuzz: ids in paths", () => {
  it("Lanyard /v1/users/:id", async () => {
    await fuzz.check(120, anySegment, async (id) => {
      const res = await fuzz.send(`/v1/users/${id}`);
      if (res.status === 200) return _expectOk(res);
      // `%40me` is `@me`, which needs an API key.
      expectJsonError(res, [400, 401, 404], ["user_not_monitored", "no_permission", ...kBad]);
    });
  });

  it("Tether /v1/presence/:id, Grux /user/:id and /activity/:id", async () => {
    const route = fc.constantFrom("/v1/presence/", "/user/", "/activity/");
    await fuzz.check(150, fc.tuple(route, anySegment), async ([prefix, id]) => {
      const res = await fuzz.send(prefix + id);
      if (res.status === 200) return void expect(res.json.success).toBe(true);
      expectJsonError(res, [400, 404], ["invalid_user_id", "user_not_monitored", "not_found", ...kBad]);
    });
  });

  it("originoid /v1/:id and /v1/:id/in_server", async () => {
    const reserved = /^(users|presence|events)$/;
    const id = anySegment.filter((s) => !reserved.test(s) && s !== "");
    await fuzz.check(120, fc.tuple(id, fc.boolean()), async ([segment, inServer]) => {
      const res = await fuzz.send(`/v1/${segment}${inServer ? "/in_server" : ""}`);
      if (res.status === 200) return void expect(res.json.user_id).toMatch(/^\d+$/);
      const codes = ["invalid_user_id", "user_not_monitored", "not_found", ...kBad];
      expectJsonError(res, [400, 404], codes, false);
    });
  });

  it("quicklinks /:id.<ext>", async () => {
    const ext = fc.constantFrom("png", "gif", "webp", "jpg", "jpeg", "PNG", "svg", "");
    await fuzz.check(100, fc.tuple(anySegment, ext), async ([id, e]) => {
      const res = await fuzz.send(`/${id}.${e}`);
      // Only a raster image passes the CDN checks (README: Quicklinks).
      if (res.status === 200) {
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
        return void expect(res.headers["content-type"]).toMatch(/^image\/(png|jpeg|gif|webp|avif)$/);
      }
      expectJsonError(res, [400, 404, 502], ["user_not_monitored", "not_found", "upstream_error", ...kBad]);
    });
  });

  it("cards /cards/:id.svg|png are always an image, errors included", async () => {
    const ext = fc.constantFrom("svg", "png", "gif", "");
    await fuzz.check(40, fc.tuple(anySegment, ext), async ([id, e]) => {
      const res = await fuzz.send(`/cards/${id}.${e}`);
      if (isNodeRefusal(res)) return;
      // A broken percent-escape is refused before routing (README: 400 bad_request).
      if (res.status === 400) return expectJsonError(res, [400], kBad);
      expect(res.status, res.text.slice(0, 200)).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^image\/(svg\+xml|png)/);
    });
  });

  it("SSE /v1/users/:id/events", async () => {
    await fuzz.check(80, anySegment, async (id) => {
      const res = await fuzz.send(`/v1/users/${id}/events`);
      if (res.status === 200) return void expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
      expectJsonError(res, [400, 404], ["invalid_user_id", "user_not_monitored", "not_found", ...kBad]);
    });
  });
});

describe("fuzz: any method on any path", () => {
  it("answers a documented status and, for errors, the JSON envelope", async () => {
    const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    const words = fc.constantFrom("v1", "users", "kv", "cards", "events", "socket");
    const path = fc.array(fc.oneof(anySegment, words), { maxLength: 5 });
    await fuzz.check(200, fc.tuple(method, path), async ([m, segments]) => {
      const res = await fuzz.send(`/${segments.join("/")}`, { method: m });
      expect(res.status, `${m} /${segments.join("/")}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
      const isJson = /^application\/json/.test(String(res.headers["content-type"]));
      if (res.status >= 400 && m !== "HEAD" && !isNodeRefusal(res)) {
        expect(isJson, res.text.slice(0, 200)).toBe(true);
        expect(typeof res.json?.error?.code, res.text).toBe("string");
      }
    });
  });
});

// --- internal ---

function _expectOk(res: RawResponse) {
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(res.json.success).toBe(true);
  expect(res.json.data.discord_user.id).toMatch(/^\d+$/);
}
