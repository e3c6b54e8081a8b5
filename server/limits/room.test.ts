import { describe, expect, it } from "vitest";
import { waitForRoom } from "./room.ts";

// A fake outgoing queue the test drains by hand: the rules of waiting, without a socket.
function _queue(start: number) {
  const q = { bytes: start, open: true };
  return { q, options: (stallMs: number) => ({ queued: () => q.bytes, open: () => q.open, high: 100, stallMs }) };
}

describe("waitForRoom", () => {
  it("answers ok at once when there is room", async () => {
    const { options } = _queue(100);
    expect(await waitForRoom(options(1000))).toBe("ok");
  });

  it("waits until the queue is at most the level", async () => {
    const { q, options } = _queue(300);
    const waiting = waitForRoom(options(10_000));
    const drained = setInterval(() => (q.bytes -= 50), 1);
    try {
      expect(await waiting).toBe("ok");
      expect(q.bytes).toBeLessThanOrEqual(100);
    } finally {
      clearInterval(drained);
    }
  });

  it("keeps a slow reader (progress resets the clock), gives up on one who stopped", async () => {
    // The client takes one byte between any two looks for the first 30 looks (≥ 29 polls of
    // 5 ms, far past the 10 ms stall limit), then nothing.
    let looks = 0;
    const queued = () => (++looks <= 30 ? 1000 - looks : 970);
    expect(await waitForRoom({ queued, open: () => true, high: 100, stallMs: 10 })).toBe("stalled");
    expect(looks).toBeGreaterThan(30);
  });

  it("answers closed when the connection closes meanwhile", async () => {
    const { q, options } = _queue(1000);
    const waiting = waitForRoom(options(10_000));
    setImmediate(() => (q.open = false));
    expect(await waiting).toBe("closed");
  });
});
