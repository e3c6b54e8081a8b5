/**
 * What streams carry, encoded once: the `event:`/`data:` body of a change is memoized on the
 * change (and on its history entry) and shared by every stream; only the `id:` line differs
 * between user and multi-user streams.
 */

import { toLanyard } from "../dialects/lanyard.ts";
import type { HubChange, Snapshot } from "../presence/hub.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import type { HistoryEntry } from "./history.ts";
import { toBody, withId } from "./internal/frame.ts";
import { toUserEventId } from "./internal/event-id.ts";
import { SseEvent } from "./protocol.ts";

/**
 * The body of a change (`presence` with the Lanyard presence and `user_id`, or `remove`), encoded
 * on first use and kept on the history entry; `change.memo` shares it with other apps on the hub.
 */
export function bodyOf(entry: HistoryEntry, change?: HubChange): Buffer {
  if (entry.body) return entry.body;
  let body = change?.memo.get(kBodyMemo) as Buffer | undefined;
  if (!body) {
    body = entry.presence
      ? toBody(SseEvent.presence, toPresenceJson(entry.userId, entry.presence))
      : toBody(SseEvent.remove, JSON.stringify({ user_id: entry.userId }));
    change?.memo.set(kBodyMemo, body);
  }
  entry.body = body;
  // The encoding is all a replay needs; the presence object is the bigger of the two.
  entry.presence = undefined;
  return body;
}

/** The frame user streams get for a change: `id: <version>` and the shared body. */
export function userFrameOf(entry: HistoryEntry, change?: HubChange): Buffer {
  let frame = change?.memo.get(kUserFrameMemo) as Buffer | undefined;
  if (!frame) {
    frame = withId(toUserEventId(entry.version), bodyOf(entry, change));
    change?.memo.set(kUserFrameMemo, frame);
  }
  return frame;
}

/** A user stream's `init`: the user's presence with `user_id`, at the snapshot's version. */
export function userInitFrame(userId: string, snapshot: Snapshot): Buffer {
  const body = toBody(SseEvent.init, toPresenceJson(userId, snapshot.presence));
  return withId(toUserEventId(snapshot.version), body);
}

/** `remove` without an id: "not monitored now", when the version of that fact is unknown. */
export function userRemovedBody(userId: string): Buffer {
  return toBody(SseEvent.remove, JSON.stringify({ user_id: userId }));
}

/** The Lanyard presence with `user_id` added, as JSON. */
export function toPresenceJson(userId: string, presence: CanonicalPresence): string {
  // Added to the fresh object rather than spread into a copy: ≈20% less per presence, which an
  // `?all=true` init pays 50,000 times.
  return JSON.stringify(Object.assign(toLanyard(presence), { user_id: userId }));
}

// --- internal ---

const kBodyMemo = "sse:body";
const kUserFrameMemo = "sse:user-frame";
