import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImageFetcher, isAllowedImageUrl } from "./images.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
let allowed: Server;
let other: Server;
let allowedUrl: string;
let otherUrl: string;
let otherHits = 0;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  allowed = createServer((req, res) => {
    if (req.url === "/ok.png") return res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (req.url === "/big.png") return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(4096));
    if (req.url === "/art.webp") return res.writeHead(200, { "content-type": "image/webp" }).end(PNG);
    if (req.url === "/page") return res.writeHead(200, { "content-type": "text/html" }).end("<html>");
    if (req.url === "/redirect") return res.writeHead(302, { location: `${otherUrl}/ok.png` }).end();
    if (req.url === "/slow.png") return setTimeout(() => res.writeHead(200, { "content-type": "image/png" }).end(PNG), 500);
    res.writeHead(404).end();
  });
  other = createServer((_req, res) => {
    otherHits++;
    res.writeHead(200, { "content-type": "image/png" }).end(PNG);
  });
  allowedUrl = await listen(allowed);
  otherUrl = await listen(other);
});

afterAll(() => {
  allowed.closeAllConnections();
  other.closeAllConnections();
  allowed.close();
  other.close();
});

describe("createImageFetcher", () => {
  const fetcher = () => createImageFetcher({ allow: [`${allowedUrl}/cdn`], timeoutMs: 200, maxBytes: 1024 });

  it("embeds an allowed PNG as a data URI", async () => {
    expect(await fetcher().get(`${allowedUrl}/ok.png`)).toBe(`data:image/png;base64,${PNG.toString("base64")}`);
  });

  it("never fetches a host outside the allowlist, nor follows a redirect to one", async () => {
    const images = fetcher();
    expect(await images.get(`${otherUrl}/ok.png`)).toBeNull();
    expect(await images.get(`${allowedUrl}/redirect`)).toBeNull();
    expect(otherHits).toBe(0);
  });

  it("gives null (a placeholder) for too big, too slow, WebP, non-images and errors", async () => {
    const images = fetcher();
    for (const path of ["/big.png", "/slow.png", "/art.webp", "/page", "/missing.png"]) {
      expect(await images.get(`${allowedUrl}${path}`), path).toBeNull();
    }
    expect(await images.get(null)).toBeNull();
    expect(await images.get("not a url")).toBeNull();
  });

  it("caches by URL", async () => {
    let calls = 0;
    const images = createImageFetcher({
      allow: ["https://cdn.example"],
      fetch: async () => (calls++, new Response(PNG, { headers: { "content-type": "image/png" } })),
    });
    await images.get("https://cdn.example/a.png");
    await images.get("https://cdn.example/a.png");
    expect(calls).toBe(1);
  });
});

describe("isAllowedImageUrl", () => {
  const origins = new Set(["https://cdn.discordapp.com"]);
  it.each([
    ["https://cdn.discordapp.com/avatars/1/a.png", true],
    ["https://cdn.discordapp.com:8443/avatars/1/a.png", false],
    ["http://cdn.discordapp.com/avatars/1/a.png", false],
    ["https://user:pw@cdn.discordapp.com/a.png", false],
    ["https://cdn.discordapp.com.evil.example/a.png", false],
    ["https://169.254.169.254/latest/meta-data", false],
    ["file:///etc/passwd", false],
  ])("%s → %s", (url, ok) => {
    expect(isAllowedImageUrl(url, origins)).toBe(ok);
  });
});
