/** What a bus subscriber receives: the payload and the id of the bus that published it. */
export type BusListener = (message: unknown, from: string) => void;

/**
 * A fan-out bus between presence-kit processes: named channels, JSON payloads, delivered in
 * publish order per publisher, to every *other* bus subscribed (a bus never hears its own
 * messages). Delivery is at most once: whoever needs every change converges through
 * {@link Bus.onReady} (see `hub-link.ts`). Implementations: `memory.ts` (one process, tests) and
 * `redis.ts` (Redis pub/sub). Checked by the conformance suite in `server/_test/bus.ts`.
 * @see README.md#scaling-out-with-redis
 */
export interface Bus {
  /** This bus's id, unique per process start; messages carry it. */
  readonly id: string;
  /** Whether messages can be published and received right now. */
  readonly connected: boolean;
  /**
   * Publishes `message` (JSON-serializable) to `channel`. Resolves with the number of buses
   * subscribed to it (the publisher included, if it is); rejects while disconnected (nothing is
   * queued: a late message could undo a newer state).
   */
  publish(channel: string, message: unknown): Promise<number>;
  /** Listens on `channel`; returns a function that stops listening. */
  subscribe(channel: string, listener: BusListener): () => void;
  /** Resolves once every subscribe and unsubscribe made so far is in effect. */
  settled(): Promise<void>;
  /**
   * Called every time the bus is (again) connected with every subscription in place: the moment
   * to catch up on what may have been missed. Returns a function that unregisters it.
   */
  onReady(listener: () => void): () => void;
  /**
   * Optional: called each time the bus stops being connected (Redis lost), so whoever waits for
   * an answer over the bus can give up at once. Returns a function that unregisters it.
   */
  onLost?(listener: () => void): () => void;
  /** Stops listening and disconnects; publishing afterwards rejects. Idempotent. */
  close(): Promise<void>;
}

/** The channels presence-kit uses (one key space prefix, like the storage's `pk:`). */
export const BusChannel = {
  /** Every hub change, as a full record (see `hub-link.ts`). */
  changes: "pk:changes",
  /** "Reload from storage": a writer has flushed; or a reader asks a writer to flush. */
  sync: "pk:sync",
  /** The gateway's periodic status (followed by api processes' `/health`). */
  gateway: "pk:gateway",
  /** KV writes forwarded by api processes to the gateway. */
  kv: "pk:kv",
  /** Replies to one process's forwarded KV writes: `pk:kv:<bus id>`. */
  kvReply: (busId: string) => `pk:kv:${busId}`,
} as const;
