/**
 * The outbound requests the server makes on behalf of a request (card images, quicklink avatars),
 * by name, so the outbound worker and its callers agree on one table.
 * @see README.md#outbound-requests
 */

import { loadImage } from "../cards/image-load.ts";
import { fetchAvatar } from "../quicklinks/upstream.ts";

/** Every operation the outbound worker runs: arguments and results cross threads by structured clone. */
export const OPERATIONS = { loadImage, fetchAvatar };

/** An operation's name. */
export type OperationName = keyof typeof OPERATIONS;

/** A request to the worker. */
export interface OperationCall {
  id: number;
  name: OperationName;
  args: unknown[];
}

/** The worker's reply to {@link OperationCall} `id`: a value, or a thrown error's name and message. */
export type OperationReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };
