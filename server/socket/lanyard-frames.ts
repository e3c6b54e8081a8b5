/**
 * Lanyard's frames as JSON text, built so the expensive part — a presence's JSON — is encoded
 * once per change and shared by every connection; only the short envelope (with the
 * connection's own `seq`) is per connection.
 * @see README.md#websocket-lanyard
 */

import { toLanyard } from "../dialects/lanyard.ts";
import type { HubChange } from "../presence/hub.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { LanyardOp } from "./protocol.ts";

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
 * A user's Lanyard presence with the extra `user_id` field, as JSON. Keys keep the reference's
 * alphabetical order (`user_id` sorts last).
 */
export function presenceJson(p: CanonicalPresence): string {
  return JSON.stringify(Object.assign(toLanyard(p), { user_id: p.user_id }));
}

/**
 * The `d` of a PRESENCE_UPDATE for a change, encoded on first use and memoised on the change
 * so every subscriber shares the same string. `null` for a removal (nothing is sent then).
 */
export function updateJson(change: HubChange): string | null {
  if (!change.presence) return null;
  let json = change.memo.get(LANYARD_MEMO_KEY) as string | undefined;
  if (json === undefined) {
    json = presenceJson(change.presence);
    change.memo.set(LANYARD_MEMO_KEY, json);
  }
  return json;
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
