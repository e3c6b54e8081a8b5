/**
 * Who a request comes from, for rate limits: the TCP peer, or a trusted proxy's header.
 * @see README.md#rate-limits-and-metrics
 */

import { isIP } from "node:net";
import { getRequestIP, type H3Event } from "h3";

/**
 * The client address of a request: the peer address, or — only when `trustHeader` names a header
 * (`TRUST_PROXY_HEADER`) and the request carries a valid address in it — that header's right-most
 * entry. The right-most is the one our own proxy appended; entries left of it were sent by the
 * client and can be anything. `undefined` when neither is known (e.g. `app.request()` in tests).
 * @example
 * clientAddress(event, "x-forwarded-for"); // "203.0.113.7" for "x-forwarded-for: 1.1.1.1, 203.0.113.7"
 */
export function clientAddress(event: H3Event, trustHeader: string | undefined): string | undefined {
  const forwarded = trustHeader ? event.req.headers.get(trustHeader) : undefined;
  return clientAddressOf(forwarded, getRequestIP(event) ?? event.runtime?.node?.req?.socket?.remoteAddress);
}

/**
 * {@link clientAddress} from the trusted header's value (absent when none is trusted) and the peer
 * address: the one rule, for requests that do not go through h3 (the fast path).
 */
export function clientAddressOf(forwarded: string | null | undefined, peer: string | undefined): string | undefined {
  const fromProxy = fromProxyHeader(forwarded);
  if (fromProxy) return fromProxy;
  return peer ? _unmapped(peer) : undefined;
}

/**
 * The right-most address of a proxy header (`X-Forwarded-For`, `X-Real-IP`, RFC 7239
 * `Forwarded: for=…`), without port or brackets; `undefined` when it holds no valid IP.
 */
export function fromProxyHeader(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const last = value.slice(value.lastIndexOf(",") + 1).trim();
  let entry = last;
  const forIndex = last.toLowerCase().indexOf("for=");
  if (forIndex !== -1) entry = last.slice(forIndex + 4).split(";")[0]!.trim().replace(/^"|"$/g, "");
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) entry = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(entry)) entry = entry.slice(0, entry.lastIndexOf(":"));
  return isIP(entry) ? _unmapped(entry) : undefined;
}

/**
 * The rate-limit key of an address: IPv4 as is, IPv6 by its /64 prefix — one subscriber usually
 * holds a whole /64, so counting single IPv6 addresses would let a client rotate past any limit.
 */
export function clientKey(address: string): string {
  // Only an IPv6 address has a colon (asked per request: no IP parse for the common IPv4 case).
  if (!address.includes(":") || isIP(address) !== 6) return address;
  const prefix = _expand(address).slice(0, 4).map((h) => (parseInt(h, 16) || 0).toString(16));
  return `${prefix.join(":")}::/64`;
}

// --- internal ---

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is just `192.0.2.1`. */
function _unmapped(address: string): string {
  // Most peers are plain IPv4 (first character a digit): no lower-cased copy per request.
  if (address.charCodeAt(0) !== 58 /* ":" */) return address;
  return address.slice(0, 7).toLowerCase() === "::ffff:" && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The eight hextets of an IPv6 address (zone dropped, `::` expanded, embedded IPv4 kept as is). */
function _expand(address: string): string[] {
  const plain = address.split("%")[0]!.toLowerCase();
  const [head, tail] = plain.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  if (tail === undefined) return left;
  const right = tail ? tail.split(":") : [];
  return [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
}
