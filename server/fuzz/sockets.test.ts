import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSnowflake } from "../presence/user.ts";
import { PERSONAS } from "../simulator/index.ts";
import { openWs, type WsClient } from "../_test/ws-client.ts";
import { anyId, anySegment, kKnownId, kUnknownId, startFuzz, type Fuzz } from "./harness.ts";

// Socket frames: each case opens a socket, sends one arbitrary frame, then a valid probe. The
// frame must close the socket with the code README's rules give for it, or leave it working (the
// probe is answered). A bystander socket opened first must still get updates at the end.

let fuzz: Fuzz;
let ws: string;
let bystander: WsClient;
beforeAll(async () => {
  fuzz = await startFuzz("sockets");
  ws = fuzz.stack.server.url.replace("http", "ws");
  bystander = await openWs(`${ws}/socket`);
  await bystander.next();
  bystander.send({ op: 2, d: { subscribe_to_id: kKnownId } });
  await bystander.until((m) => m.t === "INIT_STATE");
});
afterAll(async () => {
  // Every socket that misbehaved around it left the bystander's subscription intact.
  const update = bystander?.until((m) => m.t === "PRESENCE_UPDATE" && m.d.discord_status === "dnd");
  fuzz?.stack.sim.setPresence(kKnownId, { status: "dnd" });
  await update;
  bystander?.ws.terminate();
  await fuzz?.close();
});

/** One client frame: text or binary, JSON-shaped or not, maybe over the 64 KiB limit. */
const json = fc.jsonValue({ maxDepth: 3 });
const idList = fc.array(fc.oneof(anyId, fc.constantFrom(kKnownId, kUnknownId)), { maxLength: 6 });
const optional = { requiredKeys: [] as [] };
const payload = fc.oneof(
  fc.record({ subscribe_to_ids: fc.oneof(idList, json) }, optional),
  fc.record({ subscribe_to_id: fc.oneof(anyId, json), subscribe_to_all: fc.oneof(fc.constant(true), json) }, optional),
  fc.record(
    { unsubscribe_from_ids: fc.oneof(idList, json), unsubscribe_from_id: anyId, unsubscribe_from_all: json },
    optional,
  ),
  fc.constant({ subscribe_to_ids: Array.from({ length: 501 }, (_, i) => `${10n ** 17n + BigInt(i)}`) }),
  json,
);
const message = fc.record(
  { op: fc.oneof(fc.constantFrom(0, 1, 2, 2, 2, 3, 4, 5, "2", 2.5, -1, null), json), d: payload },
  { requiredKeys: [] },
);
const frame: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(message.map((m) => JSON.stringify(m)), fc.boolean()).map(_frame) },
  fc.tuple(fc.oneof(fc.string(), fc.json(), fc.string({ unit: "binary" })), fc.boolean()).map(_frame),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({
    text: Buffer.from(bytes).toString("latin1"),
    binary: true,
    bytes,
  })),
  fc.constantFrom(64 * 1024 - 10, 64 * 1024 + 1).map((n) => _frame([`{"op":3,"d":"${"x".repeat(n)}"}`, false])),
);

describe("fuzz: socket frames", () => {
  it("Lanyard /socket closes with the documented code or keeps working", async () => {
    await fuzz.check(150, frame, async (f) => {
      const expected = _lanyardOutcome(f);
      const c = await _open("/socket");
      _send(c, f);
      c.send({ op: 2, d: { subscribe_to_id: kKnownId } });
      const outcome = await _outcome(c, (m) => m.t === "INIT_STATE" && m.d?.user_id === kKnownId);
      c.ws.terminate();
      expect(expected, `${f.text.slice(0, 200)} → ${outcome}`).toContain(outcome);
    });
  });

  it("Tether /tether/socket likewise", async () => {
    await fuzz.check(100, frame, async (f) => {
      const expected = _tetherOutcome(f);
      const c = await _open("/tether/socket");
      _send(c, f);
      c.send({ op: 2, d: { subscribe_to_ids: [kKnownId] } });
      const outcome = await _outcome(c, (m) => m.t === "INIT_STATE" && m.d?.[kKnownId] !== undefined);
      c.ws.terminate();
      expect(expected, `${f.text.slice(0, 200)} → ${outcome}`).toContain(outcome);
    });
  });

  it("Lanyard ?compression= of any value: zlib_json only when asked exactly", async () => {
    const value = fc.oneof(fc.string(), fc.constantFrom("zlib_json", "ZLIB_JSON", "zlib", "zlib_json "));
    await fuzz.check(30, value, async (v) => {
      // `inflate` only touches binary frames: a text Hello stays as it came.
      const c = await openWs(`${ws}/socket?${new URLSearchParams({ compression: v })}`, { inflate: true });
      const hello = await c.next();
      c.ws.terminate();
      expect(c.frames[0]!.binary).toBe(v === "zlib_json");
      expect(hello.op).toBe(1);
    });
  });

  it("originoid /ws/v1/:id and Grux /?user_id= with arbitrary ids", async () => {
    const known = fc.constantFrom(kKnownId, PERSONAS.gamer.id);
    const id = fc.oneof(anySegment, known, fc.constant(kUnknownId));
    await fuzz.check(100, fc.tuple(fc.boolean(), id, frame), async ([grux, segment, f]) => {
      const path = grux ? `/?user_id=${segment}` : `/ws/v1/${segment}`;
      const c = await openWs(`${ws}${path}`).catch((error: Error) => error);
      // Refused before the upgrade: a broken escape (400), a path that is not a socket route.
      if (c instanceof Error) return void expect(c.message).toMatch(/server response: (400|404|431)/);
      _send(c, f); // ignored by both protocols, whatever it is (within 64 KiB)
      const outcome = await _outcome(c, (m) => m.op === "initial_data" || m.user_id !== undefined, 500);
      c.ws.terminate();
      const decoded = _decode(segment);
      const valid = isSnowflake(decoded);
      const monitored = decoded === kKnownId || decoded === PERSONAS.gamer.id;
      const tooBig = (f.bytes ?? Buffer.from(f.text)).byteLength > 64 * 1024;
      if (!valid) return void expect(outcome).toBe("close:4010");
      if (grux && !monitored) return void expect(outcome).toBe("close:4011");
      expect(tooBig ? ["close:1009", "open"] : ["open"]).toContain(outcome);
    });
  });
});

// --- internal ---

interface Frame {
  text: string;
  binary: boolean;
  bytes?: Uint8Array;
}

function _frame([text, binary]: [string, boolean]): Frame {
  return { text, binary };
}

async function _open(path: string): Promise<WsClient> {
  const c = await openWs(`${ws}${path}`);
  expect((await c.next()).op).toBe(1);
  return c;
}

function _send(c: WsClient, f: Frame) {
  c.ws.send(f.bytes ?? (f.binary ? Buffer.from(f.text) : f.text), { binary: f.binary });
}

/** "open" once a frame matches, else "close:<code>" when the server closed the socket. */
async function _outcome(c: WsClient, match: (m: any) => boolean, timeoutMs = 3000): Promise<string> {
  try {
    await c.until(match, timeoutMs);
    return "open";
  } catch (error) {
    if (c.ws.readyState === c.ws.OPEN && timeoutMs < 3000) return "open";
    if (c.ws.readyState !== c.ws.CLOSED && c.ws.readyState !== c.ws.CLOSING) throw error;
    return `close:${(await c.closed).code}`;
  }
}

/** README's rules for Lanyard's Initialize, as the outcomes they allow. */
function _lanyardOutcome(f: Frame): string[] {
  const m = _parse(f);
  if (m === "too_big") return ["close:1009"];
  if (!_isObject(m)) return ["close:4006"];
  if (m.op === 3 || m.op === 4) return ["open"];
  if (m.op !== 2) return ["close:4004"];
  const d = m.d;
  if (!_isObject(d) || Object.keys(d).length === 0) return ["close:4005"];
  if ("subscribe_to_ids" in d) {
    const list = d.subscribe_to_ids;
    if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) return ["close:4006"];
    return new Set(list.filter(isSnowflake)).size > 500 ? ["close:4008"] : ["open"];
  }
  if ("subscribe_to_id" in d) return ["open"];
  return d.subscribe_to_all === true ? ["open"] : ["close:4006"];
}

/** Tether: op 2 needs `subscribe_to_ids` as an array of strings; op 3 is a heartbeat. */
function _tetherOutcome(f: Frame): string[] {
  const m = _parse(f);
  if (m === "too_big") return ["close:1009"];
  if (!_isObject(m)) return ["close:4006"];
  if (m.op === 3) return ["open"];
  if (m.op !== 2) return ["close:4004"];
  const list = _isObject(m.d) ? m.d.subscribe_to_ids : undefined;
  if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) return ["close:4006"];
  return new Set(list.filter(isSnowflake)).size > 500 ? ["close:4008"] : ["open"];
}

function _parse(f: Frame): unknown {
  const bytes = f.bytes ?? Buffer.from(f.text);
  if (bytes.byteLength > 64 * 1024) return "too_big";
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return undefined;
  }
}

function _isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function _decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
