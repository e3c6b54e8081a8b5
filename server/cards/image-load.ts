/**
 * One image download for a card: node:http(s) with a timeout, a size cap, no redirects, and a DNS
 * guard that refuses private addresses for hosts that must be public. Plain `fetch` cannot check
 * the address it connects to, so a rebinding answer could not be caught there.
 * @see README.md#cards
 */

import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";

/** Content types resvg can draw; WebP is left out because resvg-js 2.6 draws it blank. */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif"] as const;

/** Options of {@link loadImage}. */
export interface LoadImageOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Refuse the connection when the host resolves to a private, loopback or link-local address. */
  publicOnly: boolean;
}

/** Loads one image; `null` for anything but a 200 PNG/JPEG/GIF within the limits. */
export type ImageLoader = (url: string, options: LoadImageOptions) => Promise<string | null>;

/**
 * Downloads `url` and returns it as a data URI, or `null` (never throws).
 * @example
 * await loadImage("https://cdn.discordapp.com/avatars/1/a.png", { timeoutMs: 1500, maxBytes: 1 << 20, publicOnly: true });
 */
export const loadImage: ImageLoader = (url, { timeoutMs, maxBytes, publicOnly }) =>
  new Promise((resolve) => {
    const parsed = new URL(url);
    const request = parsed.protocol === "https:" ? httpsRequest : httpRequest;
    const req = request(parsed, {
      signal: AbortSignal.timeout(timeoutMs),
      lookup: publicOnly ? _publicLookup : undefined,
      headers: { accept: IMAGE_TYPES.join(", ") },
    });
    req.on("error", () => resolve(null));
    req.once("response", (res) => _read(res, maxBytes).then(resolve, () => resolve(null)));
    req.end();
  });

/**
 * Whether an IP address is not on the public internet: loopback, private (RFC 1918, ULA),
 * link-local (cloud metadata lives there), CGNAT, unspecified or multicast.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return _PRIVATE.check(mapped[1]!, "ipv4");
  return _PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

// --- internal ---

const _PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 3],
] as const) {
  _PRIVATE.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  _PRIVATE.addSubnet(net, bits, "ipv6");
}

type _LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

function _publicLookup(hostname: string, options: LookupOptions, callback: _LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
      return callback(new Error(`${hostname} resolves to a private address`), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

async function _read(res: IncomingMessage, maxBytes: number): Promise<string | null> {
  const type = (res.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  // A redirect could leave the allowlist, so 3xx counts as a failure like any other non-200.
  if (res.statusCode !== 200 || !(IMAGE_TYPES as readonly string[]).includes(type)) {
    res.destroy();
    return null;
  }
  if (Number(res.headers["content-length"]) > maxBytes) {
    res.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return `data:${type};base64,${Buffer.concat(chunks).toString("base64")}`;
}
