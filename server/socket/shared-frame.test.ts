// The shared-tail fan-out writes the same bytes ws.send() would: headers against ws's own framer,
// and PRESENCE_UPDATE frames read off a real client's TCP socket against ws's framing of the text.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as wsModule from "ws";
import type { Socket } from "node:net";
import { startStack, type Stack } from "../_test/harness.ts";
import { wsClients, type WsClient } from "../_test/ws-client.ts";
import { eventFrame, presenceJson } from "./lanyard-frames.ts";
import { MAX_SHARED_FRAMES, textFrameHeader } from "./shared-frame.ts";

// ws exports its frame encoder at runtime; @types/ws does not declare it.
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
const FRAME = { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: true };

/** How ws frames a text message as a server (no masking, no compression). */
function wsFramed(text: string): Buffer {
  return Buffer.concat(Sender.frame(Buffer.from(text), FRAME));
}

const GAMER = "244581933252739979";
let stack: Stack;
const clients = wsClients();

beforeAll(async () => {
  stack = await startStack();
});
afterEach(() => clients.closeAll());
afterAll(() => stack?.close());

/** A subscribed client and every byte its TCP socket receives from now on. */
async function subscribed(): Promise<{ c: WsClient; wire: Buffer[] }> {
  const c = await clients.open(`${stack.server.url.replace("http", "ws")}/socket`);
  await c.next();
  c.send({ op: 2, d: { subscribe_to_id: GAMER } });
  await c.next();
  const wire: Buffer[] = [];
  (c.ws as unknown as { _socket: Socket })._socket.on("data", (b: Buffer) => wire.push(b));
  return { c, wire };
}

describe("shared-tail frames", () => {
  it("builds the same header as ws for every length class", () => {
    for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70_000]) {
      const [header] = Sender.frame(Buffer.alloc(length), FRAME);
      expect(textFrameHeader(length), `length ${length}`).toEqual(header);
    }
  });

  it("puts byte-identical PRESENCE_UPDATE frames on the wire, each with its connection's seq", async () => {
    const a = await subscribed();
    const b = await subscribed();
    b.c.send({ op: 2, d: { subscribe_to_id: GAMER } }); // one more INIT_STATE: b's seq runs ahead
    await b.c.next();
    b.wire.length = 0;
    const big = { a: "x".repeat(40_000), b: "y".repeat(40_000) };
    const sizes: Record<string, string>[] = [{ small: "1" }, { a: "x".repeat(200) }, big];
    const expected: Record<string, string[]> = { a: [], b: [] };
    for (const [n, kv] of sizes.entries()) {
      stack.server.hub.sync(GAMER, { kv });
      const d = presenceJson(stack.server.hub.get(GAMER)!.presence);
      expected.a.push(eventFrame("PRESENCE_UPDATE", 2 + n, d));
      expected.b.push(eventFrame("PRESENCE_UPDATE", 3 + n, d));
      await a.c.next();
      await b.c.next();
    }
    // The three sizes cover the 7-bit, 16-bit and 64-bit length headers.
    expect(Buffer.concat(a.wire)).toEqual(Buffer.concat(expected.a.map(wsFramed)));
    expect(Buffer.concat(b.wire)).toEqual(Buffer.concat(expected.b.map(wsFramed)));
    expect(a.c.frames.slice(2).map((f) => f.text)).toEqual(expected.a);
  });

  it("shares one frame between connections at the same seq, and frames the others on their own", async () => {
    // More distinct seqs than frames are kept per change, two connections at each of the first.
    const distinct = MAX_SHARED_FRAMES + 2;
    const subs: Array<{ c: WsClient; wire: Buffer[]; seq: number }> = [];
    for (let i = 0; i < distinct; i++) {
      for (let twin = 0; twin < (i < 2 ? 2 : 1); twin++) {
        const sub = await subscribed();
        for (let extra = 0; extra < i; extra++) {
          sub.c.send({ op: 2, d: { subscribe_to_id: GAMER } }); // one more INIT_STATE per extra
          await sub.c.next();
        }
        sub.wire.length = 0;
        subs.push({ ...sub, seq: 1 + i });
      }
    }
    for (const round of [1, 2]) {
      stack.server.hub.sync(GAMER, { kv: { round: String(round) } });
      const d = presenceJson(stack.server.hub.get(GAMER)!.presence);
      for (const sub of subs) {
        await sub.c.next();
        const expected = wsFramed(eventFrame("PRESENCE_UPDATE", sub.seq + round, d));
        expect(Buffer.concat(sub.wire), `seq ${sub.seq + round}`).toEqual(expected);
        sub.wire.length = 0;
      }
    }
  });
});
