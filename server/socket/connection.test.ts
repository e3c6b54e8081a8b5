// The transport-independent pieces with a fake crossws peer: bounded sending, the frame limit
// (as in listhen's dev mode, where ws has no maxPayload), and the shutdown registry.
import { inflateSync } from "node:zlib";
import type { Message, Peer } from "crossws";
import { describe, expect, it } from "vitest";
import { createConnection } from "./connection.ts";
import { sessionHooks } from "./hooks.ts";
import { resolveSocketOptions } from "./options.ts";
import { createSocketRegistry } from "./registry.ts";

function fakePeer() {
  const peer = {
    bufferedAmount: 0,
    sent: [] as unknown[],
    closes: [] as Array<[number | undefined, string | undefined]>,
    terminated: false,
    send(data: unknown) {
      peer.sent.push(data);
    },
    close(code?: number, reason?: string) {
      peer.closes.push([code, reason]);
    },
    terminate() {
      peer.terminated = true;
    },
  };
  return peer;
}
const asPeer = (p: ReturnType<typeof fakePeer>) => p as unknown as Peer;

describe("createConnection", () => {
  it("sends while the queue is within the cap, then closes once with 4009", () => {
    const peer = fakePeer();
    const conn = createConnection(asPeer(peer), { maxBufferedBytes: 100 });
    let closing = 0;
    conn.onClose(() => closing++);
    peer.bufferedAmount = 100;
    expect(conn.send("a")).toBe(true);
    peer.bufferedAmount = 101;
    expect(conn.send("b")).toBe(false);
    expect(conn.send("c")).toBe(false);
    expect(peer.sent).toEqual(["a"]);
    expect(peer.closes).toEqual([[4009, "slow_consumer"]]);
    expect(closing).toBe(1);
    expect(conn.open).toBe(false);
  });

  it("compresses each message on its own when asked", () => {
    const peer = fakePeer();
    const conn = createConnection(asPeer(peer), { compress: true, maxBufferedBytes: 100 });
    conn.send('{"op":1}');
    conn.send('{"op":2}');
    expect(peer.sent.map((b) => inflateSync(b as Buffer).toString())).toEqual(['{"op":1}', '{"op":2}']);
  });
});

describe("sessionHooks", () => {
  const ctx = () => ({ registry: createSocketRegistry(), options: resolveSocketOptions() });
  const message = (rawData: unknown) => ({ rawData, uint8Array: () => rawData, text: () => String(rawData) }) as unknown as Message;

  it("closes with 1009 for a frame over 64 KiB even without ws's maxPayload, text or binary", () => {
    for (const big of ["x".repeat(65_537), Buffer.alloc(65_537)]) {
      const peer = fakePeer();
      const received: string[] = [];
      const hooks = sessionHooks(ctx(), {}, () => ({ receive: (t) => received.push(t), dispose() {} }));
      hooks.open!(asPeer(peer));
      hooks.message!(asPeer(peer), message("small"));
      hooks.message!(asPeer(peer), message(big));
      expect(received).toEqual(["small"]);
      expect(peer.closes).toEqual([[1009, "message_too_big"]]);
    }
  });

  it("disposes the session once, whether the server or the client closed", () => {
    const peer = fakePeer();
    let disposed = 0;
    const hooks = sessionHooks(ctx(), {}, (conn) => {
      conn.close({ code: 4010, reason: "invalid_user_id" });
      return { dispose: () => void disposed++ };
    });
    hooks.open!(asPeer(peer));
    hooks.close!(asPeer(peer), { code: 4010 });
    expect(disposed).toBe(1);
  });
});

describe("createSocketRegistry", () => {
  it("closes everything with 1001, cuts what does not answer, and refuses newcomers", async () => {
    const registry = createSocketRegistry();
    const polite = fakePeer();
    const deaf = fakePeer();
    const a = createConnection(asPeer(polite), { maxBufferedBytes: 1 });
    const b = createConnection(asPeer(deaf), { maxBufferedBytes: 1 });
    registry.add(a);
    registry.add(b);
    polite.close = (code, reason) => (polite.closes.push([code, reason]), registry.delete(a));
    await registry.closeAll(20);
    expect(polite.closes).toEqual([[1001, "going_away"]]);
    expect(deaf.closes).toEqual([[1001, "going_away"]]);
    expect([polite.terminated, deaf.terminated]).toEqual([false, true]);
    const late = fakePeer();
    registry.add(createConnection(asPeer(late), { maxBufferedBytes: 1 }));
    expect(late.closes).toEqual([[1001, "going_away"]]);
  });
});
