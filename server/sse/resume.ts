/**
 * What a stream starts with: the changes it missed (from the history), when it names a point the
 * history still covers, otherwise a fresh `init`. Never a silent gap.
 * @see README.md#server-sent-events
 */

import type { Hub } from "../presence/hub.ts";
import { bodyOf, userFrameOf, userInitFrame, userRemovedBody } from "./encode.ts";
import type { History } from "./history.ts";
import { parseMultiEventId, parseUserEventId, toMultiEventId } from "./internal/event-id.ts";
import { withId } from "./internal/frame.ts";

/** What the resume rules read. */
export interface ResumeContext {
  hub: Hub;
  history: History;
  /** This process's epoch, the first part of multi-user ids. */
  epoch: string;
  /** Newest version notified per user (also for users no longer monitored). */
  latest: ReadonlyMap<string, number>;
}

/**
 * A user stream resumes from the version in `lastEventId` when every later version of that user
 * is in the history (versions survive restarts, so this works across one too). Otherwise: `init`
 * if the user is monitored, else `remove` (without an id: the version of that fact is unknown).
 * An id equal to the current version sends nothing; a malformed or future one counts as none.
 */
export function startUser(
  ctx: ResumeContext,
  userId: string,
  lastEventId: string | undefined,
): { frames: Buffer[]; version: number } {
  const last = parseUserEventId(lastEventId);
  const snapshot = ctx.hub.get(userId);
  const current = _max(ctx.latest.get(userId), snapshot?.version);
  if (last !== undefined && current !== undefined && last <= current) {
    if (last === current) return { frames: [], version: last };
    const recorded = ctx.history.ofUser(userId);
    // The history is a suffix of all changes, so it holds every version of this user from its
    // oldest one on: the gap is covered when that oldest one is at most the next after `last`.
    if (recorded.length > 0 && recorded[0].version <= last + 1) {
      const missed = recorded.filter((e) => e.version > last);
      if (missed.length === 0) return { frames: [], version: last };
      return { frames: missed.map((e) => userFrameOf(e)), version: missed[missed.length - 1].version };
    }
  }
  if (snapshot) return { frames: [userInitFrame(userId, snapshot)], version: snapshot.version };
  return { frames: [userRemovedBody(userId)], version: current ?? 0 };
}

/**
 * A multi-user stream resumes from `<epoch>.<seq>` when the epoch is this process's and the
 * history still holds every change after `seq`: those of its users are replayed in order.
 * Otherwise (another process, a restart, a gap too old, a malformed id) `undefined`: the stream
 * needs a fresh `init` (written by `init-stream.ts`).
 */
export function startMulti(
  ctx: ResumeContext,
  target: { all: boolean; ids: ReadonlySet<string> | undefined },
  lastEventId: string | undefined,
): Buffer[] | undefined {
  const at = parseMultiEventId(lastEventId);
  return at && at.epoch === ctx.epoch ? replayMulti(ctx, target, at.seq) : undefined;
}

/**
 * The changes of a multi-user stream's users after `seq` of this process, in order, or
 * `undefined` when the history no longer holds all of them.
 */
export function replayMulti(
  ctx: ResumeContext,
  target: { all: boolean; ids: ReadonlySet<string> | undefined },
  seq: number,
): Buffer[] | undefined {
  const { history, epoch } = ctx;
  if (!history.covers(seq)) return undefined;
  const frames: Buffer[] = [];
  for (const entry of history.after(seq)) {
    if (target.all || target.ids?.has(entry.userId)) {
      frames.push(withId(toMultiEventId(epoch, entry.seq), bodyOf(entry)));
    }
  }
  return frames;
}

// --- internal ---

function _max(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}
