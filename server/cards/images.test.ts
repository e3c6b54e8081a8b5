import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createStorage, type Storage } from "unstorage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, type ImageLoader } from "./image-load.ts";
import { createImageFetcher, isAllowedImageUrl, type StoredImage } from "./images.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const PNG_URI = `data:image/png;base64,${PNG.toString("base64")}`;
let allowed: Server;
let other: Server;
let allowedUrl: string;
let otherUrl: string;
let allowedHits = 0;
let otherHits = 0;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  allowed = createServer((req, res) => {
    allowedHits++;
    if (req.url === "/ok.png") return res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (req.url === "/big.png") return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(4096));
    if (req.url === "/chunked-big.png") {
      res.writeHead(200, { "content-type": "image/png" });
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(512));
      return res.end();
    }
    if (req.url === "/art.webp") return res.writeHead(200, { "content-type": "image/webp" }).end(PNG);
    if (req.url === "/page") return res.writeHead(200, { "content-type": "text/html" }).end("<html>");
    if (req.url === "/redirect") return res.writeHead(302, { location: `${otherUrl}/ok.png` }).end();
    // Never answers: only the fetcher's timeout can end this request.
    if (req.url === "/slow.png") return;
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

describe("createImageFetcher over HTTP", () => {
  const fetcher = (extra = {}) => createImageFetcher({ allow: [`${allowedUrl}/cdn`], timeoutMs: 5000, maxBytes: 1024, ...extra });

  it("embeds an allowed PNG as a data URI", async () => {
    expect(await fetcher().get(`${allowedUrl}/ok.png`)).toBe(PNG_URI);
  });

  it("never fetches a host outside the allowlist, nor follows a redirect to one", async () => {
    const images = fetcher();
    expect(await images.get(`${otherUrl}/ok.png`)).toBeNull();
    expect(await images.get(`${allowedUrl}/redirect`)).toBeNull();
    expect(otherHits).toBe(0);
  });

  it("gives null (a placeholder) for too big, too slow, WebP, non-images and errors", async () => {
    const images = fetcher();
    for (const path of ["/big.png", "/chunked-big.png", "/art.webp", "/page", "/missing.png"]) {
      expect(await images.get(`${allowedUrl}${path}`), path).toBeNull();
    }
    expect(await fetcher({ timeoutMs: 200 }).get(`${allowedUrl}/slow.png`)).toBeNull();
    expect(await images.get(null)).toBeNull();
    expect(await images.get("not a url")).toBeNull();
  });

  it("fetches from a configured extra host (CARD_IMAGE_HOSTS), only at its port", async () => {
    const host = new URL(otherUrl).host;
    const before = otherHits;
    expect(await fetcher({ hosts: [host] }).get(`${otherUrl}/ok.png`)).toBe(PNG_URI);
    expect(await fetcher({ hosts: ["127.0.0.1"] }).get(`${otherUrl}/x.png`)).toBeNull();
    expect(otherHits).toBe(before + 1);
  });

  it("refuses a must-be-public host that resolves to a private address, without connecting", async () => {
    const base = allowedUrl.replace("127.0.0.1", "localhost");
    const before = allowedHits;
    const strict = fetcher({ allow: [base], publicHosts: ["localhost"] });
    expect(await strict.get(`${base}/ok.png`)).toBeNull();
    expect(allowedHits).toBe(before);
    // The same host, configured explicitly rather than known to be public, may be private.
    expect(await fetcher({ allow: [base] }).get(`${base}/ok.png`)).toBe(PNG_URI);
  });
});

describe("image cache", () => {
  const url = "https://cdn.example/a.png";

  function counting(result: string | null = PNG_URI) {
    const calls: string[] = [];
    const load: ImageLoader = async (u) => (calls.push(u), result);
    return { calls, load };
  }

  it("keeps { url, at, dataUri } in storage, read back by a new fetcher, until the TTL", async () => {
    let now = 1000;
    const storage = createStorage();
    const { calls, load } = counting();
    const make = () => createImageFetcher({ allow: ["https://cdn.example"], storage, load, ttlMs: 500, clock: () => now });
    expect(await make().get(url)).toBe(PNG_URI);
    const keys = await storage.getKeys();
    expect(keys).toHaveLength(1);
    expect(await storage.getItem<StoredImage>(keys[0]!)).toEqual({ url, at: 1000, dataUri: PNG_URI });
    // A fresh fetcher has an empty memory front: the hit comes from storage.
    expect(await make().get(url)).toBe(PNG_URI);
    expect(calls).toHaveLength(1);
    now = 1500;
    expect(await make().get(url)).toBe(PNG_URI);
    expect(calls).toHaveLength(2);
  });

  it("keeps failures for the shorter failure TTL", async () => {
    let now = 0;
    const { calls, load } = counting(null);
    const images = createImageFetcher({ allow: ["https://cdn.example"], load, failureTtlMs: 100, clock: () => now });
    expect(await images.get(url)).toBeNull();
    expect(await images.get(url)).toBeNull();
    expect(calls).toHaveLength(1);
    now = 100;
    await images.get(url);
    expect(calls).toHaveLength(2);
  });

  it("shares one download between concurrent requests", async () => {
    const { calls, load } = counting();
    const images = createImageFetcher({ allow: ["https://cdn.example"], load });
    const all = await Promise.all([images.get(url), images.get(url), images.get(url)]);
    expect(all).toEqual([PNG_URI, PNG_URI, PNG_URI]);
    expect(calls).toHaveLength(1);
  });

  it("stays within its slots however many images pass through", async () => {
    const storage = createStorage();
    const { load } = counting();
    const images = createImageFetcher({ allow: ["https://cdn.example"], storage, load, slots: 4, memoryEntries: 2 });
    for (let i = 0; i < 40; i++) await images.get(`https://cdn.example/${i}.png`);
    expect((await storage.getKeys()).length).toBeLessThanOrEqual(4);
    expect(await images.get("https://cdn.example/39.png")).toBe(PNG_URI);
  });

  it("still serves images when storage fails", async () => {
    const broken = createStorage();
    broken.getItem = async () => {
      throw new Error("disk gone");
    };
    broken.setItem = async () => {
      throw new Error("disk gone");
    };
    const { load } = counting();
    const images = createImageFetcher({ allow: ["https://cdn.example"], storage: broken as Storage, load });
    expect(await images.get(url)).toBe(PNG_URI);
  });
});

describe("isAllowedImageUrl", () => {
  const origins = new Set(["https://cdn.discordapp.com"]);
  const hosts = new Set(["images.example.com", "art.example.org:8443"]);
  it.each([
    ["https://cdn.discordapp.com/avatars/1/a.png", true],
    ["https://cdn.discordapp.com:8443/avatars/1/a.png", false],
    ["http://cdn.discordapp.com/avatars/1/a.png", false],
    ["https://user:pw@cdn.discordapp.com/a.png", false],
    ["https://cdn.discordapp.com.evil.example/a.png", false],
    ["https://169.254.169.254/latest/meta-data", false],
    ["http://127.0.0.1/a.png", false],
    ["file:///etc/passwd", false],
    ["https://images.example.com/a.png", true],
    ["http://images.example.com/a.png", true],
    ["https://images.example.com:444/a.png", false],
    ["https://art.example.org:8443/a.png", true],
    ["https://art.example.org/a.png", false],
  ])("%s → %s", (url, ok) => {
    expect(isAllowedImageUrl(url, { origins, hosts })).toBe(ok);
  });
});

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["not an ip", true],
    ["151.101.2.217", false],
    ["162.159.128.233", false],
    ["2606:4700::6810:84e5", false],
  ])("%s → %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
