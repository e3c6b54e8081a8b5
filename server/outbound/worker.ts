/**
 * The outbound worker's entry: runs {@link OPERATIONS} for the server thread and replies.
 *
 * Why a thread: the server's answers and an outbound request go through the same functions of
 * Node's net, stream and events code. Once client sockets (node:http, fetch) pass through them
 * in the server's isolate, V8 turns about a hundred of their property loads megamorphic for good,
 * and every later answer pays for it (README.md#benchmarks). A worker has its own isolate.
 * @see README.md#outbound-requests
 */

import { parentPort } from "node:worker_threads";
import { OPERATIONS, type OperationCall, type OperationReply } from "./operations.ts";

const port = parentPort;
if (!port) throw new Error("server/outbound/worker.ts runs as a worker thread only");

port.on("message", async ({ id, name, args }: OperationCall) => {
  let reply: OperationReply;
  try {
    const run = OPERATIONS[name] as (...a: unknown[]) => Promise<unknown>;
    reply = { id, ok: true, value: await run(...args) };
  } catch (error) {
    const { name: errorName = "Error", message = String(error) } = error as Error;
    reply = { id, ok: false, error: { name: errorName, message } };
  }
  port.postMessage(reply);
});
