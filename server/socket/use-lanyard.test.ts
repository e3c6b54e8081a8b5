// An unmodified third-party Lanyard client from npm against presence-kit: `use-lanyard`'s
// `useLanyardWS` (the one published client whose socket host can be set), rendered by real React.
// Node gets what a browser would give it: `window` and a WebSocket (`ws`).
import { createElement } from "react";
import { create, type ReactTestRenderer } from "react-test-renderer";
import { useLanyardWS } from "use-lanyard";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { startStack, type Stack } from "../_test/harness.ts";

const SPOTIFY = "293673602384003625";

let stack: Stack;
const restore: Array<() => void> = [];

beforeAll(async () => {
  stack = await startStack();
  const g = globalThis as Record<string, unknown>;
  const before = { window: g.window, WebSocket: g.WebSocket };
  Object.assign(g, { window: globalThis, WebSocket });
  restore.push(() => Object.assign(g, before));
  // React 19 announces on every render that react-test-renderer is deprecated; nothing else is muted.
  const error = console.error.bind(console);
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("react-test-renderer is deprecated")) error(...args);
  });
  restore.push(() => spy.mockRestore());
});
afterAll(async () => {
  for (const undo of restore.reverse()) undo();
  await stack?.close();
});

describe("use-lanyard (npm) pointed at presence-kit", () => {
  it("receives INIT_STATE and then a PRESENCE_UPDATE", async () => {
    const seen: any[] = [];
    let wake: (() => void) | undefined;
    const waitFor = async (match: (data: any) => boolean) => {
      while (!seen.some(match)) await new Promise<void>((resolve) => (wake = resolve));
      return seen.find(match);
    };
    function Probe() {
      const data = useLanyardWS(SPOTIFY, { api: { hostname: new URL(stack.server.url).host, secure: false } });
      if (data) (seen.push(data), wake?.());
      return null;
    }
    let renderer: ReactTestRenderer | undefined;
    try {
      renderer = create(createElement(Probe));
      const initial = await waitFor((d) => d.discord_user?.id === SPOTIFY);
      expect(initial.discord_status).toBe(stack.server.hub.get(SPOTIFY)!.presence.discord_status);
      expect(initial.listening_to_spotify).toBe(true);

      const changed = stack.nextChange((c) => c.userId === SPOTIFY && c.presence?.discord_status === "dnd");
      stack.sim.setPresence(SPOTIFY, { status: "dnd", activities: [], client_status: { mobile: "dnd" } });
      await changed;
      const update = await waitFor((d) => d.discord_status === "dnd");
      expect(update).toMatchObject({ active_on_discord_mobile: true, listening_to_spotify: false, spotify: null });
    } finally {
      // Unmounting runs the hook's cleanup, which closes its socket.
      renderer?.unmount();
    }
  });
});
