import { randomUUID } from "node:crypto";
import { HTTPError } from "h3";
import { apiError, ErrorCode } from "../errors.ts";
import type { KvStore } from "../kv/store.ts";
import { BusChannel, type Bus } from "./bus.ts";
import { logger } from "../log/logger.ts";

/**
 * The writer's side of KV forwarding: runs the KV writes api processes send over the bus through
 * this process's store (its limits, its per-user serialization, its `hub.commit`), and answers
 * each on the sender's reply channel. The change itself was published before the answer, on the
 * same connection, so the sender's hub already has it when its client is answered.
 * @see README.md#scaling-out-with-redis
 */
export function serveKvWrites(bus: Bus, kv: KvStore): () => void {
  return bus.subscribe(BusChannel.kv, (message, from) => {
    const m = message as _Request;
    void _run(kv, m).then((reply) => bus.publish(BusChannel.kvReply(from), { ...reply, id: m.id })).catch(() => {});
  });
}

/** Options of {@link createForwardedKvStore}. */
export interface ForwardedKvOptions {
  /** How long to wait for the writer's answer. @default 5000 */
  timeoutMs?: number;
}

/**
 * A {@link KvStore} for api processes: reads from the local hub (followed over the bus), sends
 * writes to the writer process (the gateway), which alone checks and stores them, so the
 * 512-pair limit and "no lost pair" hold across processes. Answers 503 `service_unavailable`
 * when no writer listens, Redis is away or lost while the answer is due, or the answer does not
 * come within `timeoutMs` (the write may then still happen; PUT, PATCH and DELETE are safe to
 * retry).
 * @example
 * const kv = createForwardedKvStore(bus, hub);
 */
export function createForwardedKvStore(
  bus: Bus,
  hub: { get(userId: string): { presence: { kv: Record<string, string> } } | undefined },
  options: ForwardedKvOptions = {},
): KvStore & { close(): void } {
  const { timeoutMs = 5000 } = options;
  const waiting = new Map<string, (reply: _Reply | Error) => void>();
  const off = bus.subscribe(BusChannel.kvReply(bus.id), (message) => {
    const reply = message as _Reply;
    waiting.get(reply.id)?.(reply);
  });
  // Pub/sub is at most once: an answer due when Redis is lost never comes, so fail now, not later.
  const offLost = bus.onLost?.(() => {
    for (const settle of [...waiting.values()]) settle(_unavailable("cannot be reached (Redis connection lost)"));
  });

  async function _send(request: Omit<_Request, "id">): Promise<unknown> {
    const id = randomUUID();
    const answer = new Promise<_Reply>((resolve, reject) => {
      const timer = setTimeout(() => (waiting.delete(id), reject(_unavailable("did not answer in time"))), timeoutMs);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
    });
    answer.catch(() => {}); // rejected only on timeout or a lost connection, awaited below
    let receivers: number;
    try {
      receivers = await bus.publish(BusChannel.kv, { ...request, id });
    } catch {
      waiting.delete(id);
      throw _unavailable("cannot be reached (Redis is unavailable)");
    }
    if (receivers === 0) {
      waiting.delete(id);
      throw _unavailable("is not running");
    }
    const reply = await answer;
    if (!reply.ok) throw apiError(reply.status, reply.code, reply.message);
    return reply.result;
  }

  return {
    get(userId) {
      const snapshot = hub.get(userId);
      if (!snapshot) throw apiError(404, ErrorCode.userNotMonitored, "User is not being monitored by presence-kit");
      return snapshot.presence.kv;
    },
    put: async (userId, key, value) => void (await _send({ op: "put", userId, key, value })),
    patch: async (userId, body) => void (await _send({ op: "patch", userId, body })),
    delete: async (userId, key) => (await _send({ op: "delete", userId, key })) === true,
    close: () => (off(), offLost?.()),
  };
}

// --- internal ---

interface _Request {
  id: string;
  op: "put" | "patch" | "delete";
  userId: string;
  key?: string;
  value?: string;
  body?: unknown;
}

type _Answer = { ok: true; result?: unknown } | { ok: false; status: number; code: string; message: string };
type _Reply = _Answer & { id: string };

async function _run(kv: KvStore, m: _Request): Promise<_Answer> {
  try {
    const { op, userId } = m;
    if (typeof userId !== "string") throw apiError(400, ErrorCode.badRequest, "Malformed KV request");
    if (op === "put") await kv.put(userId, String(m.key), String(m.value));
    else if (op === "patch") await kv.patch(userId, m.body);
    else if (op === "delete") return { ok: true, result: await kv.delete(userId, String(m.key)) };
    else throw apiError(400, ErrorCode.badRequest, "Malformed KV request");
    return { ok: true };
  } catch (error) {
    if (error instanceof HTTPError && !error.unhandled) {
      const code = (error.data as { code?: string } | undefined)?.code ?? ErrorCode.internal;
      return { ok: false, status: error.status, code, message: error.message };
    }
    // Not a refusal: the store failed (storage away during a Redis outage). Not acknowledged.
    logger.error({ err: error }, "forwarded KV write failed");
    return { ok: false, status: 503, code: ErrorCode.unavailable, message: "The write could not be stored; retry" };
  }
}

function _unavailable(why: string): HTTPError {
  return apiError(503, ErrorCode.unavailable, `KV writes are handled by the gateway process, which ${why}`);
}
