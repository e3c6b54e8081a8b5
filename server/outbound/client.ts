/**
 * Runs outbound requests (card images, quicklink avatars) in one worker thread, started on first
 * use and kept while the process runs. The worker holds no state: if it dies, the calls in flight
 * fail the way a network error does, and the next call starts a new one.
 * Why a thread at all: see `worker.ts`.
 * @see README.md#outbound-requests
 */

import { Worker } from "node:worker_threads";
import type { ImageLoader } from "../cards/image-load.ts";
import { UpstreamError, type fetchAvatar } from "../quicklinks/upstream.ts";
import type { OPERATIONS, OperationCall, OperationName, OperationReply } from "./operations.ts";

type _Ops = typeof OPERATIONS;

/** See {@link createOutboundWorker}. */
export interface OutboundWorker {
  /** Runs operation `name` in the worker; rejects with an `Error` of the thrown error's name and message. */
  run<N extends OperationName>(name: N, ...args: Parameters<_Ops[N]>): Promise<Awaited<ReturnType<_Ops[N]>>>;
  /** Stops the worker (calls in flight reject); the next {@link OutboundWorker.run} starts a new one. */
  close(): Promise<void>;
  /** The worker's thread id, or `undefined` while none runs. */
  readonly threadId: number | undefined;
}

/**
 * Creates a lazily started outbound worker. The process needs only one: use {@link outbound}.
 * @example
 * const dataUri = await createOutboundWorker().run("loadImage", url, { timeoutMs: 1500, maxBytes: 1 << 20, publicOnly: true });
 */
export function createOutboundWorker(): OutboundWorker {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  function _start(): Worker {
    const started = _spawn();
    // Referenced only while a call waits, so an idle worker never keeps the process alive.
    started.unref();
    started.on("message", (reply: OperationReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (reply.ok) call.resolve(reply.value);
      else call.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    const stopped = (error: Error) => {
      if (worker === started) worker = undefined;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    started.on("error", (error) => stopped(new Error(`outbound worker failed: ${error.message}`)));
    started.on("exit", (code) => stopped(new Error(`outbound worker exited (${code})`)));
    return started;
  }

  return {
    get threadId() {
      return worker?.threadId;
    },
    run(name, ...args) {
      worker ??= _start();
      const id = nextId++;
      const message: OperationCall = { id, name, args };
      const reply = new Promise<never>((resolve, reject) => pending.set(id, { resolve, reject }));
      if (pending.size === 1) worker.ref();
      worker.postMessage(message);
      return reply;
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}

/** The process's outbound worker. */
export const outbound: OutboundWorker = createOutboundWorker();

/** {@link ImageLoader} in the outbound worker: `null` if the worker fails, like any failed load. */
export const loadImageOffThread: ImageLoader = (url, options) =>
  outbound.run("loadImage", url, options).catch(() => null);

/** `fetchAvatar` in the outbound worker: every failure, the worker's own too, is an {@link UpstreamError}. */
export const fetchAvatarOffThread: typeof fetchAvatar = async (url, validators, limits) => {
  // Only the validators cross: a cached copy's body would be copied to the worker for nothing.
  const sent = validators && { etag: validators.etag, lastModified: validators.lastModified };
  const answer = await outbound.run("fetchAvatar", url, sent, limits).catch((error: Error) => {
    throw new UpstreamError(error.message);
  });
  // A Buffer crosses threads as a plain Uint8Array, which Node's socket writes would wrap in a
  // new Buffer on every request that serves it; wrapped once here instead (no copy).
  if (answer.status === 200) answer.body = Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
  return answer;
};

// --- internal ---

function _spawn(): Worker {
  // From the sources (tests, `npm run dev`), a plain-JavaScript entry loads the TypeScript worker.
  if (import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker-from-source.mjs", import.meta.url));
  // The production build: scripts/build.ts bundles worker.ts beside the server's chunks.
  return new Worker(new URL("./outbound-worker.mjs", import.meta.url));
}
