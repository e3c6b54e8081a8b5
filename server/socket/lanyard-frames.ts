/**
 * Lanyard's frames as JSON text, built so the expensive part — a presence's JSON — is encoded
 * once per change and shared by every connection; only the short envelope (with the
 * connection's own `seq`) is per connection.
 * @see README.md#websocket-lanyard
 */

import { toLanyard } from "../dialects/lanyard.ts";
import type { HubChange } from "../presence/hub.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { LanyardEvent, LanyardOp } from "./protocol.ts";
import type { SharedTail } from "./shared-frame.ts";

/** Key of the shared encoding in `HubChange.memo`. */
export const LANYARD_MEMO_KEY = "lanyard+user_id";

/**
 * Hello: `{"op":1,"d":{"heartbeat_interval":N}}`.
 * @example
 * helloFrame(30000); // '{"op":1,"d":{"heartbeat_interval":30000}}'
 */
export function helloFrame(heartbeatIntervalMs: number): string {
  return `{"op":${LanyardOp.Hello},"d":{"heartbeat_interval":${heartbeatIntervalMs}}}`;
}

/**
 * An op 0 event around an already encoded `d`: `{"op":0,"seq":N,"t":T,"d":…}`.
 * @example
 * eventFrame("INIT_STATE", 1, "{}"); // '{"op":0,"seq":1,"t":"INIT_STATE","d":{}}'
 */
export function eventFrame(t: string, seq: number, d: string): string {
  return `{"op":${LanyardOp.Event},"seq":${seq},"t":"${t}","d":${d}}`;
}

/**
 * An op 0 event split for a fan-out: {@link eventHead} (per connection, with its `seq`) followed
 * by this shared part gives exactly {@link eventFrame}'s text.
 * @example
 * sharedEvent("PRESENCE_UPDATE", "{}").text; // ',"t":"PRESENCE_UPDATE","d":{}}'
 */
export function sharedEvent(t: string, d: string): SharedTail {
  const text = `,"t":"${t}","d":${d}}`;
  return { text, bytes: Buffer.from(text), head: eventHead };
}

/**
 * The per-connection start of an op 0 event; see {@link sharedEvent}.
 * @example
 * eventHead(7); // '{"op":0,"seq":7'
 */
export function eventHead(seq: number): string {
  return `{"op":${LanyardOp.Event},"seq":${seq}`;
}

/**
 * A user's Lanyard presence with the extra `user_id` field, as JSON. Keys keep the reference's
 * alphabetical order (`user_id` sorts last).
 */
export function presenceJson(p: CanonicalPresence): string {
  return JSON.stringify(Object.assign(toLanyard(p), { user_id: p.user_id }));
}

/**
 * The shared part of a PRESENCE_UPDATE for a change (see {@link sharedEvent}), encoded on first
 * use and memoised on the change so every subscriber shares the same text and bytes. `null` for
 * a removal (nothing is sent then).
 */
export function updateTail(change: HubChange): SharedTail | null {
  if (!change.presence) return null;
  let tail = change.memo.get(LANYARD_MEMO_KEY) as SharedTail | undefined;
  if (tail === undefined) {
    tail = sharedEvent(LanyardEvent.PresenceUpdate, presenceJson(change.presence));
    change.memo.set(LANYARD_MEMO_KEY, tail);
  }
  return tail;
}

/**
 * INIT_STATE's id → presence map, as JSON; ids without a presence are left out.
 * @example
 * presenceMapJson([["94490510688792576", presence]]); // '{"94490510688792576":{…}}'
 */
export function presenceMapJson(entries: Iterable<[string, CanonicalPresence]>): string {
  const parts: string[] = [];
  for (const [id, p] of entries) parts.push(`${JSON.stringify(id)}:${presenceJson(p)}`);
  return `{${parts.join(",")}}`;
}
