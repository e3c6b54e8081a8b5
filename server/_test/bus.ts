// One conformance suite for every Bus implementation (memory, Redis): the fan-out contract the hub
// link and the KV forwarding rely on.
import { afterEach, describe, expect, it } from "vitest";
import type { Bus } from "../bus/bus.ts";

/** Makes a new bus on a shared network ("another process"); `cleanup` ends the network. */
export interface BusFixture {
  open(): Promise<Bus> | Bus;
  cleanup?(): Promise<void> | void;
}

/** Runs the bus contract against one implementation. */
export function testBus(
  name: string,
  make: () => BusFixture,
  additionalTests?: (ctx: { open: () => Promise<Bus> }) => void,
): void {
  describe(`bus conformance: ${name}`, () => {
    const opened: Bus[] = [];
    let fixture: BusFixture | undefined;
    afterEach(async () => {
      for (const b of opened.splice(0)) await b.close();
      await fixture?.cleanup?.();
      fixture = undefined;
    });
    async function open(): Promise<Bus> {
      fixture ??= make();
      const bus = await fixture.open();
      opened.push(bus);
      return bus;
    }

    it("delivers every message to every other subscriber, in publish order per user", async () => {
      const [pub, a, b] = [await open(), await open(), await open()];
      const got = { a: [] as any[], b: [] as any[] };
      const done = Promise.all(["a", "b"].map((k) => new Promise<void>((resolve) => {
        (k === "a" ? a : b).subscribe("t:changes", (m: any, from) => {
          expect(from).toBe(pub.id);
          got[k as "a" | "b"].push(m);
          if (m.last) resolve();
        });
      })));
      await Promise.all([a.settled(), b.settled()]);
      const sent = Array.from({ length: 300 }, (_, i) => ({ userId: String(i % 3), version: Math.floor(i / 3) + 1 }));
      await Promise.all(sent.map((m) => pub.publish("t:changes", m)));
      await pub.publish("t:changes", { last: true });
      await done;
      for (const list of [got.a, got.b]) {
        expect(list.slice(0, -1)).toEqual(sent);
        for (const user of ["0", "1", "2"]) {
          const versions = list.filter((m) => m.userId === user).map((m) => m.version);
          expect(versions).toEqual(versions.toSorted((x: number, y: number) => x - y));
        }
      }
    });

    it("counts subscribed buses, and never echoes a bus's own messages back to it", async () => {
      const [a, b] = [await open(), await open()];
      expect(await a.publish("t:echo", { n: 0 })).toBe(0);
      const heardByA: unknown[] = [];
      a.subscribe("t:echo", (m) => heardByA.push(m));
      const fromA = new Promise<unknown>((resolve) => b.subscribe("t:echo", (m) => resolve(m)));
      await Promise.all([a.settled(), b.settled()]);
      expect(await a.publish("t:echo", { n: 1 })).toBe(2);
      expect(await fromA).toEqual({ n: 1 });
      // B answers after hearing A, so A would have heard its own message before B's.
      const fromB = new Promise<unknown>((resolve) => a.subscribe("t:echo", (m) => resolve(m)));
      await b.publish("t:echo", { n: 2 });
      expect(await fromB).toEqual({ n: 2 });
      expect(heardByA).toEqual([{ n: 2 }]);
    });

    it("stops delivering after unsubscribe and after close; publishing on a closed bus rejects", async () => {
      const [pub, sub] = [await open(), await open()];
      const heard: unknown[] = [];
      let first: () => void;
      const heardFirst = new Promise<void>((resolve) => (first = resolve));
      const off = sub.subscribe("t:off", (m) => (heard.push(m), first()));
      const marker = new Promise<void>((resolve) => sub.subscribe("t:marker", () => resolve()));
      await sub.settled();
      expect(await pub.publish("t:off", { n: 0 })).toBe(1);
      await heardFirst;
      off();
      await sub.settled();
      expect(await pub.publish("t:off", { n: 1 })).toBe(0);
      await pub.publish("t:marker", {});
      await marker;
      expect(heard).toEqual([{ n: 0 }]);
      expect(sub.connected).toBe(true);
      await sub.close();
      expect(sub.connected).toBe(false);
      expect(await pub.publish("t:marker", {})).toBe(0);
      await expect(sub.publish("t:marker", {})).rejects.toThrow();
      await sub.close(); // idempotent
    });

    additionalTests?.({ open });
  });
}
