import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness.ts";

/** One live subscription to one user, whatever the transport. */
export interface Subscription {
  /** The first state the transport sent (a Lanyard-shaped presence with `user_id`). */
  init: any;
  /** The next update, as a Lanyard-shaped presence with `user_id`. */
  next(): Promise<any>;
  close(): void;
}

/** Opens a subscription to `userId` on a running stack. */
export type OpenSubscription = (stack: Stack, userId: string) => Promise<Subscription>;

const SPOTIFY = "293673602384003625";
const CODER = "545507915071620158";

/**
 * The conformance suite every real-time transport runs (Lanyard WebSocket, SSE, …): the same
 * state as REST at subscribe time, every change in order with the same data REST then serves,
 * and KV writes delivered like gateway changes.
 */
export function testTransport(name: string, open: OpenSubscription) {
  describe(`transport: ${name}`, () => {
    let stack: Stack;
    const subs: Subscription[] = [];
    beforeAll(async () => {
      stack = await startStack();
    });
    afterEach(() => subs.splice(0).forEach((s) => s.close()));
    afterAll(() => stack?.close());
    const sub = async (id: string) => {
      const s = await open(stack, id);
      subs.push(s);
      return s;
    };

    it("starts with the state REST serves", async () => {
      const s = await sub(SPOTIFY);
      const rest = (await stack.get(`/v1/users/${SPOTIFY}`)).body.data;
      expect(s.init).toMatchObject({ ...rest, user_id: SPOTIFY });
    });

    it("delivers every change in order, each equal to what REST serves after it", async () => {
      const s = await sub(CODER);
      const files = ["a.ts", "b.ts", "c.ts"];
      for (const file of files) {
        stack.sim.setPresence(CODER, {
          status: "online",
          client_status: { web: "online" },
          activities: [{ name: "Visual Studio Code", type: 0, details: `Editing ${file}` }],
        });
      }
      const got = [];
      for (let i = 0; i < files.length; i++) got.push(await s.next());
      expect(got.map((p) => p.activities[0].details)).toEqual(files.map((f) => `Editing ${f}`));
      const rest = (await stack.get(`/v1/users/${CODER}`)).body.data;
      expect(got.at(-1)).toMatchObject({ ...rest, user_id: CODER });
    });

    it("delivers a KV write like any other change", async () => {
      const s = await sub(SPOTIFY);
      const key = await stack.server.keys.issue(SPOTIFY);
      const res = await fetch(`${stack.server.url}/v1/users/@me/kv/mood`, {
        method: "PUT",
        headers: { authorization: key },
        body: `calm ${name}`,
      });
      expect(res.status).toBe(204);
      const update = await s.next();
      expect(update.kv.mood).toBe(`calm ${name}`);
      expect(update.user_id).toBe(SPOTIFY);
    });
  });
}
