/**
 * One Grux socket (`/?user_id=`): `initial_data` with the profile on connect, then
 * `presence_update` whenever the status or an activity changes. No client heartbeat is needed
 * (the server pings); client messages are ignored.
 * @see README.md#originoid-and-grux-sockets
 */

import { toGruxActivity, toGruxProfile } from "../dialects/grux.ts";
import type { Hub, HubChange } from "../presence/hub.ts";
import type { BuildOptions } from "../presence/types.ts";
import { isSnowflake } from "../presence/user.ts";
import type { Connection } from "./connection.ts";
import type { Session } from "./hooks.ts";
import { CloseCode, GruxOp } from "./protocol.ts";

/** Key of the shared encoding in `HubChange.memo`. */
export const GRUX_MEMO_KEY = "grux.presence_update";

/** What a Grux session needs besides its connection. */
export interface GruxSessionOptions {
  hub: Hub;
  /** The `user_id` query parameter, unchecked (`null` when missing). */
  userId: string | null;
  /** CDN bases for badge icons, nameplates and activity images. */
  images?: BuildOptions;
}

/**
 * Starts a session. A missing or malformed id closes with 4010, a user who is not (or stops
 * being) monitored with 4011: `initial_data` needs a profile. A change that leaves status,
 * Spotify and activities as they were (e.g. a new avatar) sends nothing, as Grux documents.
 * @example
 * sessionHooks(ctx, {}, (conn) => createGruxSession(conn, { hub, userId }));
 */
export function createGruxSession(conn: Connection, options: GruxSessionOptions): Session {
  const { hub, userId, images = {} } = options;
  if (!isSnowflake(userId)) {
    conn.close(CloseCode.invalidUserId);
    return { dispose() {} };
  }
  const snapshot = hub.get(userId);
  if (!snapshot) {
    conn.close(CloseCode.userNotMonitored);
    return { dispose() {} };
  }
  const p = snapshot.presence;
  const live = toGruxActivity(p, images);
  const profile = toGruxProfile(p, images);
  conn.send(JSON.stringify({ op: GruxOp.InitialData, d: { profile, ...live } }));
  let last = _frame(JSON.stringify(live));
  const off = hub.subscribe([userId], (change) => {
    if (!change.presence) return conn.close(CloseCode.userNotMonitored);
    const frame = _encoded(change, images);
    if (frame === last) return;
    last = frame;
    conn.send(frame);
  });
  return { dispose: off };
}

// --- internal ---

function _frame(d: string): string {
  return `{"op":"${GruxOp.PresenceUpdate}","d":${d}}`;
}

function _encoded(change: HubChange, images: BuildOptions): string {
  let frame = change.memo.get(GRUX_MEMO_KEY) as string | undefined;
  if (frame === undefined) {
    frame = _frame(JSON.stringify(toGruxActivity(change.presence!, images)));
    change.memo.set(GRUX_MEMO_KEY, frame);
  }
  return frame;
}
