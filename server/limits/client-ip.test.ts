// Reading a client address from a trusted proxy header, and grouping IPv6 clients by /64.
import { describe, expect, it } from "vitest";
import { clientAddressOf, clientKey, fromProxyHeader } from "./client-ip.ts";

describe("fromProxyHeader", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    // The right-most entry is what our proxy appended; the left ones came from the client.
    ["6.6.6.6, 10.1.2.3, 203.0.113.7", "203.0.113.7"],
    [" 1.1.1.1 ,198.51.100.2 ", "198.51.100.2"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["2001:db8::1", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:192.0.2.1", "192.0.2.1"],
    ["::ffff:2001:db8::1", undefined],
    ['for=192.0.2.60;proto=http;by=203.0.113.43', "192.0.2.60"],
    ['for=1.1.1.1, for="[2001:db8:cafe::17]:4711"', "2001:db8:cafe::17"],
  ] as Array<[string, string | undefined]>)("%j → %s", (header, address) => {
    expect(fromProxyHeader(header)).toBe(address);
  });

  it.each([null, "", "unknown", "1.1.1.1, not-an-ip", "999.1.1.1", "1.1.1.1,"])(
    "%j gives no address (the peer address is used instead)",
    (header) => {
      expect(fromProxyHeader(header)).toBeUndefined();
    },
  );
});

describe("clientAddressOf", () => {
  it("takes the peer address, unmapping an IPv4 client on a dual-stack socket", () => {
    expect(clientAddressOf(undefined, "127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddressOf(undefined, "::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddressOf(undefined, "::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(clientAddressOf(undefined, "::1")).toBe("::1");
    expect(clientAddressOf(undefined, "2001:db8::1")).toBe("2001:db8::1");
    expect(clientAddressOf("203.0.113.7", "127.0.0.1")).toBe("203.0.113.7");
    expect(clientAddressOf(undefined, undefined)).toBeUndefined();
  });
});

describe("clientKey", () => {
  it("keeps IPv4 addresses and groups IPv6 ones by their /64", () => {
    expect(clientKey("192.0.2.1")).toBe("192.0.2.1");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
