/**
 * The snapshot routes of every dialect as pre-encoded answers: each dialect's JSON is encoded once
 * per user version and the bytes are reused until the user changes (as the socket frames are).
 * The h3 routes and the fast path both answer from here.
 * @see README.md#benchmarks
 */
import { toGruxActivity, toGruxProfile } from "../dialects/grux.ts";
import { toLanyard } from "../dialects/lanyard.ts";
import { toOriginoid } from "../dialects/originoid.ts";
import { toTether } from "../dialects/tether.ts";
import { ErrorCode, errorAnswer } from "../errors.ts";
import type { Hub } from "../presence/hub.ts";
import type { CanonicalPresence } from "../presence/types.ts";
import { perVersion } from "../presence/per-version.ts";
import { isSnowflake } from "../presence/user.ts";
import { jsonAnswer, type Answer } from "./answer.ts";

/** The snapshot routes, by the route pattern each answers. */
export const SNAPSHOT_ROUTES = {
  lanyard: "/v1/users/:id",
  tether: "/v1/presence/:id",
  gruxUser: "/user/:id",
  gruxActivity: "/activity/:id",
  originoid: "/v1/:id",
} as const;

export type SnapshotDialect = keyof typeof SNAPSHOT_ROUTES;

/** Answers of the snapshot routes; see {@link createSnapshots}. */
export interface Snapshots {
  /** The answer of `dialect`'s route for a (decoded) id: the snapshot, or that dialect's error. */
  answer(dialect: SnapshotDialect, id: string): Answer;
  /** `answer` of one dialect, as a function of the id alone (the fast path keeps it per URL). */
  of(dialect: SnapshotDialect): (id: string) => Answer;
}

/** Image URL bases the dialects build from (the configured CDN and Spotify origins). */
export interface SnapshotImages {
  cdnUrl: string;
  spotifyImageUrl: string;
}

/**
 * Creates the encoders. Memory: one encoded answer per dialect asked for per monitored user,
 * dropped when the user is no longer monitored.
 * @example
 * const snapshots = createSnapshots(hub, images);
 * snapshots.answer("lanyard", "94490510688792576").body; // the bytes of { success, data }
 */
export function createSnapshots(hub: Hub, images: SnapshotImages): Snapshots {
  const encode: Record<SnapshotDialect, (p: CanonicalPresence) => unknown> = {
    lanyard: (p) => ({ success: true, data: toLanyard(p) }),
    tether: (p) => ({ success: true, data: toTether(p, images) }),
    gruxUser: (p) => ({ data: { profile: toGruxProfile(p, images), ...toGruxActivity(p, images) }, success: true }),
    gruxActivity: (p) => ({ data: toGruxActivity(p, images), success: true }),
    originoid: (p) => toOriginoid(p),
  };
  // Each dialect's answer per user version, encoded when first asked for: a hit compares the
  // version alone, and the presence is built (and the id checked) only to encode again. One
  // function per dialect, so a request names its dialect once and not on each lookup.
  const of = Object.fromEntries(
    (Object.keys(encode) as SnapshotDialect[]).map((dialect) => {
      const encoded = perVersion(hub, (id) => (isSnowflake(id) ? jsonAnswer(200, encode[dialect](hub.get(id)!.presence)) : _invalid(dialect, id)));
      const unknown = _UNKNOWN[dialect];
      return [dialect, (id: string): Answer => encoded(id) ?? (isSnowflake(id) ? unknown : _invalid(dialect, id))];
    }),
  ) as Record<SnapshotDialect, (id: string) => Answer>;
  return {
    answer: (dialect, id) => of[dialect](id),
    of: (dialect) => of[dialect],
  };
}

// --- internal ---

const _NOT_MONITORED = "User is not being monitored by presence-kit";
const _unknownError = { code: ErrorCode.userNotMonitored, message: _NOT_MONITORED };

// Each dialect keeps its own envelope: Lanyard's is the thrown-error envelope; Tether and Grux
// answer `{ success: false, error }`, originoid `{ error }` (it has no `success` field).
const _UNKNOWN: Record<SnapshotDialect, Answer> = {
  lanyard: errorAnswer(404, ErrorCode.userNotMonitored, _NOT_MONITORED),
  tether: jsonAnswer(404, { success: false, error: _unknownError }),
  gruxUser: jsonAnswer(404, { success: false, error: _unknownError }),
  gruxActivity: jsonAnswer(404, { success: false, error: _unknownError }),
  originoid: jsonAnswer(404, { error: _unknownError }),
};

function _invalid(dialect: SnapshotDialect, id: string): Answer {
  const shown = id.slice(0, 40);
  // Lanyard does no format check and answers user_not_monitored for anything unknown; keep its
  // code and status so clients' branches still work, but say why in the message.
  if (dialect === "lanyard") {
    const message = `"${shown}" is not a Discord user id (a snowflake), so it is not monitored`;
    return errorAnswer(404, ErrorCode.userNotMonitored, message);
  }
  const error = { code: ErrorCode.invalidUserId, message: `"${shown}" is not a Discord user id (a snowflake)` };
  return jsonAnswer(400, dialect === "originoid" ? { error } : { success: false, error });
}
