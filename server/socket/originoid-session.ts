/**
 * One originoid Presence socket (`/ws/v1/:id`): the user's `PresenceData` on connect and after
 * every change. No client messages are expected; they are ignored.
 * @see README.md#originoid-and-grux-sockets
 */

import { toOriginoid, toOriginoidEmpty } from "../dialects/originoid.ts";
import type { Hub, HubChange } from "../presence/hub.ts";
import { isSnowflake } from "../presence/user.ts";
import type { Connection } from "./connection.ts";
import type { Session } from "./hooks.ts";
import { CloseCode } from "./protocol.ts";

/** Key of the shared encoding in `HubChange.memo`. */
export const ORIGINOID_MEMO_KEY = "originoid";

/** What an originoid session needs besides its connection. */
export interface OriginoidSessionOptions {
  hub: Hub;
  /** The `:id` of the URL, unchecked. */
  userId: string;
  /** Clock for the `timestamp_ms` of "not monitored". @default Date.now */
  now?: () => number;
}

/**
 * Starts a session. A malformed id closes with 4010. A valid id presence-kit does not monitor
 * gets `spotify: null` and stays open: the user's first presence is pushed when they appear, and
 * a user who stops being monitored gets `spotify: null` again.
 * @example
 * sessionHooks(ctx, {}, (conn) => createOriginoidSession(conn, { hub, userId }));
 */
export function createOriginoidSession(conn: Connection, options: OriginoidSessionOptions): Session {
  const { hub, userId, now = Date.now } = options;
  if (!isSnowflake(userId)) {
    conn.close(CloseCode.invalidUserId);
    return { dispose() {} };
  }
  const empty = () => JSON.stringify(toOriginoidEmpty(userId, now()));
  const snapshot = hub.get(userId);
  conn.send(snapshot ? JSON.stringify(toOriginoid(snapshot.presence)) : empty());
  const off = hub.subscribe([userId], (change) => {
    conn.send(change.presence ? _encoded(change) : empty());
  });
  return { dispose: off };
}

// --- internal ---

function _encoded(change: HubChange): string {
  let json = change.memo.get(ORIGINOID_MEMO_KEY) as string | undefined;
  if (json === undefined) {
    json = JSON.stringify(toOriginoid(change.presence!));
    change.memo.set(ORIGINOID_MEMO_KEY, json);
  }
  return json;
}
