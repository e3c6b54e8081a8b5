/**
 * One Lanyard WebSocket connection (`/socket`): Hello, the Initialize rules in the reference's
 * order, accumulated and deduplicated subscriptions, unsubscribe, heartbeat timeout.
 * @see README.md#websocket-lanyard
 */

import type { Hub, HubChange } from "../presence/hub.ts";
import { isSnowflake } from "../presence/user.ts";
import type { Connection } from "./connection.ts";
import type { Session } from "./hooks.ts";
import { createInitWriter } from "./init-stream.ts";
import { eventFrame, helloFrame, presenceJson, updateTail } from "./lanyard-frames.ts";
import { CloseCode, LanyardEvent, LanyardOp } from "./protocol.ts";
import type { SharedTail } from "./shared-frame.ts";

/** What a Lanyard session needs besides its connection. */
export interface LanyardSessionOptions {
  hub: Hub;
  /** Announced in Hello; twice this without a client frame closes with 4000. */
  heartbeatIntervalMs: number;
  /** Most distinct ids one connection may subscribe to, over all its Initialize frames. */
  maxSubscriptionIds: number;
  allowSubscribeAll: boolean;
}

/**
 * Starts a session: sends Hello at once and arms the heartbeat timeout.
 * @example
 * sessionHooks(ctx, { compress }, (conn) => createLanyardSession(conn, { hub, ...limits }));
 */
export function createLanyardSession(conn: Connection, options: LanyardSessionOptions): Session {
  const { hub, heartbeatIntervalMs, maxSubscriptionIds, allowSubscribeAll } = options;
  const ids = new Map<string, () => void>();
  /** Users a `subscribe_to_all` connection unsubscribed from by id. */
  const muted = new Set<string>();
  let offAll: (() => void) | undefined;
  let seq = 0;
  let last: HubChange | undefined;
  // INIT_STATE for many users is written over several event-loop turns; updates wait for it.
  const init = createInitWriter(conn);
  const timer = setTimeout(() => conn.close(CloseCode.heartbeatTimeout), 2 * heartbeatIntervalMs);
  timer.unref();

  function _onChange(change: HubChange) {
    if (offAll !== undefined) {
      // An "all" connection that also named the user is called twice with the same change.
      if (change === last) return;
      last = change;
      if (muted.has(change.userId)) return;
    }
    // A user who is no longer monitored gets nothing, like the reference.
    const tail = updateTail(change);
    if (tail === null) return;
    if (init.busy) init.hold(change.userId, tail.bytes.length, () => _sendUpdate(tail));
    else _sendUpdate(tail);
  }

  /** Only the envelope's start is this connection's; the rest is the change's shared bytes. */
  function _sendUpdate(tail: SharedTail) {
    conn.sendShared(++seq, tail);
  }

  function _subscribe(id: string) {
    muted.delete(id);
    if (!ids.has(id)) ids.set(id, hub.subscribe([id], _onChange));
  }

  function _drop(id: string) {
    ids.get(id)?.();
    ids.delete(id);
    if (offAll && hub.has(id)) muted.add(id);
  }

  function _withinLimit(fresh: number): boolean {
    if (ids.size + fresh <= maxSubscriptionIds) return true;
    conn.close(CloseCode.tooManyIds);
    return false;
  }

  function _initialize(d: unknown) {
    if (!_isObject(d) || Object.keys(d).length === 0) return conn.close(CloseCode.requiresDataObject);
    if ("subscribe_to_ids" in d) {
      const list = d.subscribe_to_ids;
      if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) {
        return conn.close(CloseCode.invalidPayload);
      }
      // Malformed ids are never matched; they neither subscribe nor count.
      const wanted = [...new Set(list as string[])].filter(isSnowflake);
      if (!_withinLimit(wanted.filter((id) => !ids.has(id)).length)) return;
      for (const id of wanted) _subscribe(id);
      return _initState(wanted);
    }
    if ("subscribe_to_id" in d) {
      const id = d.subscribe_to_id;
      if (!isSnowflake(id)) return init.write(eventFrame(LanyardEvent.InitState, ++seq, "{}"));
      if (!ids.has(id) && !_withinLimit(1)) return;
      _subscribe(id);
      const snapshot = hub.get(id);
      const json = snapshot ? presenceJson(snapshot.presence) : "{}";
      return init.write(eventFrame(LanyardEvent.InitState, ++seq, json));
    }
    if (d.subscribe_to_all === true) {
      if (!allowSubscribeAll) return conn.close(CloseCode.subscribeAllDisabled);
      muted.clear();
      offAll ??= hub.subscribe("all", _onChange);
      // The live id set: users who appear while it is written are in it, those who leave are not.
      return _initState({ [Symbol.iterator]: () => hub.ids() });
    }
    conn.close(CloseCode.invalidPayload);
  }

  function _unsubscribe(d: unknown) {
    if (!_isObject(d)) return;
    if (Array.isArray(d.unsubscribe_from_ids)) {
      for (const id of d.unsubscribe_from_ids) if (typeof id === "string") _drop(id);
    } else if (typeof d.unsubscribe_from_id === "string") {
      _drop(d.unsubscribe_from_id);
    } else if (d.unsubscribe_from_all === true) {
      offAll?.();
      offAll = undefined;
      for (const off of ids.values()) off();
      ids.clear();
      muted.clear();
    }
  }

  /** INIT_STATE's id → presence map of the monitored ones among `list`, read as it is written. */
  function _initState(list: Iterable<string>) {
    init.write({
      head: eventFrame(LanyardEvent.InitState, ++seq, "{").slice(0, -1),
      ids: list,
      entry(id) {
        const snapshot = hub.get(id);
        return snapshot && `${JSON.stringify(id)}:${presenceJson(snapshot.presence)}`;
      },
      tail: "}}",
    });
  }

  conn.send(helloFrame(heartbeatIntervalMs));
  return {
    receive(text) {
      // Any frame counts as a sign of life, not only op 3.
      timer.refresh();
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return conn.close(CloseCode.invalidPayload);
      }
      if (!_isObject(message)) return conn.close(CloseCode.invalidPayload);
      switch (message.op) {
        case LanyardOp.Initialize:
          return _initialize(message.d);
        case LanyardOp.Heartbeat:
          return;
        case LanyardOp.Unsubscribe:
          return _unsubscribe(message.d);
        default:
          return conn.close(CloseCode.unknownOpcode);
      }
    },
    dispose() {
      clearTimeout(timer);
      offAll?.();
      offAll = undefined;
      for (const off of ids.values()) off();
      ids.clear();
      muted.clear();
    },
  };
}

// --- internal ---

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
