// `node --import tsx bench/kv-fill.ts [pairs] [valueBytes]`: fills one user's KV pair by pair on a
// writer hub (a gateway) and waits for each pair on a reader hub (an api process), over a real
// redis-server on 127.0.0.1 (storage and pub/sub), three ways in the same run:
//   raw      — the floor: ioredis SET of the record plus PUBLISH of the pair, no hub;
//   deltas   — presence-kit: the change travels as the pairs it changed;
//   records  — the same hubs, each change published as the whole record (the wire format before
//              deltas), applied by the same reader.
// Prints time, bus bytes and the load average.
import { loadavg } from "node:os";
import { Redis } from "ioredis";
import { startRedis } from "../server/_test/redis.ts";
import { BusChannel } from "../server/bus/bus.ts";
import { linkHub } from "../server/bus/hub-link.ts";
import { createRedisBus } from "../server/bus/redis.ts";
import { createKvStore } from "../server/kv/store.ts";
import { createHub } from "../server/presence/hub.ts";
import { openStorage, storageView } from "../server/storage/index.ts";

const pairs = Number(process.argv[2] ?? 500);
const valueBytes = Number(process.argv[3] ?? 2000);
const userId = "200000000000000001";
const value = "x".repeat(valueBytes);
const limits = { maxValueBytes: valueBytes, maxUserBytes: 1024 * 1024 * 1024 };

const redis = await startRedis();
try {
  const rows = [`| variant | pairs × bytes | total ms | bus MB | load avg |`, `|---|---|---|---|---|`];
  rows.push(await _raw());
  for (const variant of ["deltas", "records"] as const) rows.push(await _hubs(variant));
  console.log(rows.join("\n"));
} finally {
  await redis.close();
}

async function _raw(): Promise<string> {
  const pub = new Redis(redis.url);
  const sub = new Redis(redis.url);
  await sub.subscribe("raw");
  let bytes = 0;
  let waiting: (() => void) | undefined;
  sub.on("message", () => waiting?.());
  const kv: Record<string, string> = {};
  const start = performance.now();
  for (let i = 0; i < pairs; i++) {
    kv[`k${i}`] = value;
    await pub.set(`raw:${userId}`, JSON.stringify(kv));
    const message = JSON.stringify({ k: `k${i}`, v: value });
    bytes += message.length;
    const got = new Promise<void>((resolve) => (waiting = resolve));
    await pub.publish("raw", message);
    await got;
  }
  const ms = performance.now() - start;
  pub.disconnect();
  sub.disconnect();
  return _row("raw ioredis SET + PUBLISH (baseline)", ms, bytes);
}

async function _hubs(variant: "deltas" | "records"): Promise<string> {
  const storage = await openStorage({ driver: "redis", url: redis.url }, () => {});
  const users = storageView(storage, `users${variant}`);
  const writer = createHub({ storage: users, flushDelayMs: 250 });
  const reader = createHub({ storage: users, flushDelayMs: 250 });
  const buses = [1, 2, 3].map(() => createRedisBus({ url: redis.url, log: () => {} }));
  const [wbus, rbus, spy] = await Promise.all(buses);
  let bytes = 0;
  spy!.subscribe(BusChannel.changes, (m) => void (bytes += JSON.stringify(m).length));
  const whole = (userId: string) => ({ u: userId, r: writer.record(userId) });
  const off =
    variant === "deltas"
      ? linkHub({ hub: writer, bus: wbus!, storage: users, mode: "writer" }).close
      : writer.subscribe("all", (c) => void wbus!.publish(BusChannel.changes, whole(c.userId)));
  const link = linkHub({ hub: reader, bus: rbus!, storage: users, mode: "reader" });
  await Promise.all([link.ready, spy!.settled()]);
  const kv = createKvStore(writer, limits);
  writer.sync(userId, { user: { id: userId, username: "filler" }, presence: null });
  await _until(reader, 1);
  const start = performance.now();
  for (let i = 0; i < pairs; i++) {
    const seen = _until(reader, writer.record(userId)!.version + 1);
    await kv.put(userId, `k${i}`, value);
    await seen;
  }
  const ms = performance.now() - start;
  const converged = Object.keys(reader.get(userId)!.presence.kv).length === pairs;
  if (!converged) throw new Error("reader did not converge");
  off();
  link.close();
  await Promise.all([writer.close(), reader.close()]);
  await Promise.all([wbus!.close(), rbus!.close(), spy!.close()]);
  await storage.dispose();
  const name = variant === "deltas" ? "presence-kit, KV deltas" : "same hubs, whole records on the bus";
  return _row(name, ms, bytes);
}

function _until(hub: ReturnType<typeof createHub>, version: number): Promise<void> {
  return new Promise((resolve) => {
    const off = hub.subscribe("all", (c) => c.version >= version && (off(), resolve()));
  });
}

function _row(name: string, ms: number, bytes: number): string {
  const load = loadavg().map((l) => l.toFixed(1)).join(" ");
  return `| ${name} | ${pairs} × ${valueBytes} | ${ms.toFixed(0)} | ${(bytes / 1e6).toFixed(1)} | ${load} |`;
}
