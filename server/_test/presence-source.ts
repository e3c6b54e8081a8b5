import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RawPresence, RawUser } from "../presence/types.ts";
import { createSimulator, type Simulator, type SimulatorOptions } from "../simulator/index.ts";
import type { PresenceSink, PresenceSource } from "../source/source.ts";

type Write = { op: "sync"; id: string; user?: RawUser; presence?: RawPresence | null } | { op: "remove"; id: string };

/** A sink that records every write and lets a test await the next matching one. */
export function createRecordingSink() {
  const writes: Write[] = [];
  const waiters: Array<{ match: (w: Write) => boolean; resolve: (w: Write) => void }> = [];
  const sink: PresenceSink = {
    sync(id, diff) {
      _push({ op: "sync", id, ...diff });
    },
    remove(id) {
      _push({ op: "remove", id });
    },
  };
  function _push(w: Write) {
    writes.push(w);
    for (const waiter of [...waiters]) {
      if (waiter.match(w)) waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve(w);
    }
  }
  return {
    sink,
    writes,
    next(match: (w: Write) => boolean, timeoutMs = 10_000): Promise<Write> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no matching write")), timeoutMs);
        waiters.push({ match, resolve: (w) => (clearTimeout(timer), resolve(w)) });
      });
    },
  };
}

/**
 * The conformance suite every {@link PresenceSource} runs against the Discord simulator.
 * @param make builds the source under test for a simulator.
 */
export function testPresenceSource(name: string, make: (sim: Simulator) => PresenceSource, simOptions: SimulatorOptions = {}) {
  describe(`presence source: ${name}`, () => {
    let sim: Simulator;
    let source: PresenceSource;
    let rec: ReturnType<typeof createRecordingSink>;
    beforeEach(async () => {
      sim = await createSimulator({ script: false, ...simOptions });
      source = make(sim);
      rec = createRecordingSink();
      await source.start(rec.sink);
      await source.ready();
    });
    afterEach(async () => {
      await source.stop();
      await sim.close();
    });

    it("is ready with every member synced with a full user object", () => {
      expect(source.status().state).toBe("ready");
      const synced = new Set(rec.writes.filter((w) => w.op === "sync" && w.user?.username).map((w) => w.id));
      for (const user of sim.members()) expect(synced.has(user.id), user.id).toBe(true);
      expect(source.status().members).toBe(sim.members().length);
    });

    it("writes every PRESENCE_UPDATE, even an exact repeat", async () => {
      const id = sim.members().find((u) => !u.bot)!.id;
      const presence = { status: "idle", activities: [], client_status: { web: "idle" } };
      for (let i = 0; i < 2; i++) {
        const next = rec.next((w) => w.op === "sync" && w.id === id && w.presence?.status === "idle");
        sim.setPresence(id, presence);
        await next;
      }
    });

    it("removes a member who leaves every guild", async () => {
      const id = sim.members().find((u) => !u.bot)!.id;
      const removed = rec.next((w) => w.op === "remove" && w.id === id);
      sim.removeMember(id);
      await removed;
    });

    it("reports stopped after stop()", async () => {
      await source.stop();
      expect(source.status().state).toBe("stopped");
    });
  });
}
