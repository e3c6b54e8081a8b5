// Tether's frame checks with a recording connection (the socket end to end is in the fuzz suite).
import { describe, expect, it } from "vitest";
import type { Hub } from "../presence/hub.ts";
import type { Connection } from "./connection.ts";
import type { CloseReason } from "./protocol.ts";
import { createTetherSession } from "./tether-session.ts";

/** The close codes a fresh session gives after receiving `text`. */
function closesAfter(text: string): number[] {
  const { conn, closes } = recordingConnection();
  const session = createTetherSession(conn, {
    hub: {} as Hub,
    images: {} as never,
    heartbeatIntervalMs: 30_000,
    maxSubscriptionIds: 500,
  });
  session.receive!(text);
  session.dispose();
  return closes;
}

function recordingConnection() {
  const closes: number[] = [];
  const conn: Connection = {
    open: true,
    send: () => true,
    sendShared: () => true,
    sendPart: () => true,
    buffered: 0,
    compress: false,
    maxBufferedBytes: 1 << 20,
    stallMs: 10_000,
    close: (reason: CloseReason) => void closes.push(reason.code),
    terminate() {},
    onClose() {},
    closed() {},
  };
  return { conn, closes };
}

describe("Tether session frames", () => {
  // Regression (fuzzing): a JSON array was taken for an object without `op` and closed with 4004.
  it.each(["[]", '[{"op":2}]', "5", '"x"', "null", "{", ""])("closes %j with 4006", (text) => {
    expect(closesAfter(text)).toEqual([4006]);
  });

  it("closes an unknown opcode with 4004, a missing one too", () => {
    expect(closesAfter('{"op":9}')).toEqual([4004]);
    expect(closesAfter("{}")).toEqual([4004]);
  });
});
