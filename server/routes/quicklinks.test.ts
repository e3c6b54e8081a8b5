import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { buildUser } from "../presence/user.ts";
import { quicklinkUpstream } from "../quicklinks/quicklinks.ts";
import { QUICKLINK_MAX_BYTES } from "../quicklinks/upstream.ts";

const CDN = "https://cdn.example";
const H = "0123456789abcdef0123456789abcdef";

describe("quicklinkUpstream", () => {
  it("fetches .jpg for .gif of a non-animated avatar, and keeps other extensions", () => {
    const user = buildUser({ id: "293673602384003625", username: "a", avatar: H });
    expect(quicklinkUpstream(user, "gif", CDN)).toBe(`${CDN}/avatars/293673602384003625/${H}.jpg?size=1024`);
    expect(quicklinkUpstream(user, "jpeg", CDN)).toBe(`${CDN}/avatars/293673602384003625/${H}.jpeg?size=1024`);
    const animated = buildUser({ id: "293673602384003625", username: "a", avatar: `a_${H}` });
    expect(quicklinkUpstream(animated, "gif", CDN)).toBe(`${CDN}/avatars/293673602384003625/a_${H}.gif?size=1024`);
  });

  it("serves the default avatar PNG when there is none, legacy discriminators included", () => {
    const legacy = buildUser({ id: "198116691148933539", username: "b", discriminator: "0007", avatar: null });
    expect(quicklinkUpstream(legacy, "webp", CDN)).toBe(`${CDN}/embed/avatars/2.png`);
  });

  it("never puts a hash outside Discord's form, or a non-snowflake id, into the path", () => {
    const base = { id: "293673602384003625", username: "a", avatar: H };
    // A user object built elsewhere (not by buildUser) is checked too.
    for (const user of [
      { ...buildUser(base), avatar: "../../redir?to=http://127.0.0.1/" },
      { ...buildUser(base), avatar: H.toUpperCase() },
      { ...buildUser(base), id: "../../x" },
    ]) {
      expect(quicklinkUpstream(user, "png", CDN)).toMatch(new RegExp(`^${CDN}/embed/avatars/\\d\\.png$`));
    }
  });
});

describe("quicklinks with a failing CDN", () => {
  let stack: Stack;
  beforeAll(async () => {
    // Port 9 (discard) on loopback refuses connections.
    stack = await startStack({ env: { DISCORD_CDN_URL: "http://127.0.0.1:9/cdn" } });
  });
  afterAll(() => stack?.close());

  it("answers 502 upstream_error", async () => {
    const { status, body } = await stack.get("/293673602384003625.png");
    expect(status).toBe(502);
    expect(body).toEqual({
      success: false,
      error: { code: "upstream_error", message: "Failed to fetch avatar from Discord CDN" },
    });
  });
});

describe("quicklinks with an oversized answer", () => {
  let stack: Stack;
  let cdn: Server;
  beforeAll(async () => {
    // One byte over the cap.
    cdn = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.alloc(QUICKLINK_MAX_BYTES + 1));
    });
    await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
    const { port } = cdn.address() as AddressInfo;
    stack = await startStack({ env: { DISCORD_CDN_URL: `http://127.0.0.1:${port}/cdn` } });
  });
  afterAll(async () => {
    await stack?.close();
    cdn?.close();
  });

  it("answers 502 upstream_error instead of relaying it", async () => {
    const { status, body } = await stack.get("/293673602384003625.png");
    expect(status).toBe(502);
    expect(body.error.code).toBe("upstream_error");
  });
});
