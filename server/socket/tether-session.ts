/**
 * One Tether socket (`/tether/socket`): Lanyard's framing (Hello, heartbeats) with Tether's
 * payloads — op 2 `subscribe_to_ids` answered by INIT_STATE (`{ [id]: PresenceData }`), then
 * `PRESENCE_UPDATE` with `d: { user_id, data }` on every change.
 * @see README.md#tether
 */

import { toTether } from "../dialects/tether.ts";
import type { Hub, HubChange } from "../presence/hub.ts";
import type { BuildOptions } from "../presence/types.ts";
import { isSnowflake } from "../presence/user.ts";
import type { Connection } from "./connection.ts";
import type { Session } from "./hooks.ts";
import { createInitWriter } from "./init-stream.ts";
import { eventFrame, helloFrame, sharedEvent } from "./lanyard-frames.ts";
import { CloseCode, LanyardEvent, LanyardOp } from "./protocol.ts";
import type { SharedTail } from "./shared-frame.ts";

/** What a Tether session needs besides its connection. */
export interface TetherSessionOptions {
  hub: Hub;
  heartbeatIntervalMs: number;
  maxSubscriptionIds: number;
  images: BuildOptions;
}

/**
 * Starts a session: Hello at once, heartbeat timeout armed. Malformed ids are ignored; more than
 * `maxSubscriptionIds` distinct ids closes with 4008, like `/socket`.
 * @example
 * sessionHooks(ctx, {}, (conn) => createTetherSession(conn, { hub, images, ...limits }));
 */
export function createTetherSession(conn: Connection, options: TetherSessionOptions): Session {
  const { hub, heartbeatIntervalMs, maxSubscriptionIds, images } = options;
  const ids = new Map<string, () => void>();
  let seq = 0;
  // INIT_STATE for many users is written over several event-loop turns; updates wait for it.
  const init = createInitWriter(conn);
  const timer = setTimeout(() => conn.close(CloseCode.heartbeatTimeout), 2 * heartbeatIntervalMs);
  timer.unref();

  /** Only the envelope's start is this connection's; the rest is the change's shared bytes. */
  function _sendUpdate(tail: SharedTail) {
    conn.sendShared(++seq, tail);
  }

  function _onChange(change: HubChange) {
    if (!change.presence) return;
    let tail = change.memo.get(TETHER_MEMO_KEY) as SharedTail | undefined;
    if (tail === undefined) {
      const d = JSON.stringify({ user_id: change.userId, data: toTether(change.presence, images) });
      tail = sharedEvent(LanyardEvent.PresenceUpdate, d);
      change.memo.set(TETHER_MEMO_KEY, tail);
    }
    const shared = tail;
    if (init.busy) init.hold(change.userId, shared.bytes.length, () => _sendUpdate(shared));
    else _sendUpdate(shared);
  }

  function _subscribe(d: unknown) {
    const list = (d as { subscribe_to_ids?: unknown } | null)?.subscribe_to_ids;
    if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) {
      return conn.close(CloseCode.invalidPayload);
    }
    const wanted = [...new Set(list as string[])].filter(isSnowflake);
    if (ids.size + wanted.filter((id) => !ids.has(id)).length > maxSubscriptionIds) {
      return conn.close(CloseCode.tooManyIds);
    }
    for (const id of wanted) if (!ids.has(id)) ids.set(id, hub.subscribe([id], _onChange));
    init.write({
      head: eventFrame(LanyardEvent.InitState, ++seq, "{").slice(0, -1),
      ids: wanted,
      entry(id) {
        const snapshot = hub.get(id);
        return snapshot && `${JSON.stringify(id)}:${JSON.stringify(toTether(snapshot.presence, images))}`;
      },
      tail: "}}",
    });
  }

  conn.send(helloFrame(heartbeatIntervalMs));
  return {
    receive(text) {
      timer.refresh();
      let message: { op?: unknown; d?: unknown } | null;
      try {
        message = JSON.parse(text);
      } catch {
        return conn.close(CloseCode.invalidPayload);
      }
      // Not a JSON object (an array included) is a bad payload, as on Lanyard's /socket.
      if (typeof message !== "object" || message === null || Array.isArray(message)) {
        return conn.close(CloseCode.invalidPayload);
      }
      if (message.op === LanyardOp.Initialize) return _subscribe(message.d);
      if (message.op === LanyardOp.Heartbeat) return;
      conn.close(CloseCode.unknownOpcode);
    },
    dispose() {
      clearTimeout(timer);
      for (const off of ids.values()) off();
      ids.clear();
    },
  };
}

/** Key of the shared encoding in `HubChange.memo`. */
export const TETHER_MEMO_KEY = "tether";
