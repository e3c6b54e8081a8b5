/**
 * Event ids (`id:`) and their parsing. A user stream's id is the user's version (decimal), which
 * the hub keeps across restarts; a multi-user stream's id is `<epoch>.<seq>` (base36): this
 * process's random epoch and the sequence number of the change in it. Both are the same for
 * every stream that gets the change, so a frame is encoded once for all of them.
 */

import { randomBytes } from "node:crypto";

/** A multi-user stream's position: the process epoch and the global change sequence. */
export interface MultiPosition {
  epoch: string;
  seq: number;
}

/** A fresh epoch, unique per process (8 base36 characters). */
export function newEpoch(): string {
  return (randomBytes(6).readUIntBE(0, 6) % 36 ** 8).toString(36).padStart(8, "0");
}

/** `<version>` */
export function toUserEventId(version: number): string {
  return String(version);
}

/** `<epoch>.<seq base36>` */
export function toMultiEventId(epoch: string, seq: number): string {
  return `${epoch}.${seq.toString(36)}`;
}

/** The version in a user stream's id, or `undefined` when it is not one. */
export function parseUserEventId(id: string | undefined): number | undefined {
  if (!id || !/^\d{1,15}$/.test(id)) return undefined;
  return Number(id);
}

/** The position in a multi-user stream's id, or `undefined` when it is not one. */
export function parseMultiEventId(id: string | undefined): MultiPosition | undefined {
  const m = id ? /^([0-9a-z]{1,16})\.([0-9a-z]{1,10})$/.exec(id) : null;
  if (!m) return undefined;
  return { epoch: m[1], seq: parseInt(m[2], 36) };
}
