/**
 * Every constant of presence-kit's WebSocket protocols: Lanyard's opcodes and events, Grux's
 * message names, the close codes of all sockets, and the limits. Mirrored by the README tables.
 * @see README.md#websocket-lanyard
 */

/** Lanyard opcodes (`op`). */
export const LanyardOp = {
  /** server → client: an event, named by `t`. */
  Event: 0,
  /** server → client, once on connect: `{ heartbeat_interval }`. */
  Hello: 1,
  /** client → server: subscribe; answered with INIT_STATE. */
  Initialize: 2,
  /** client → server: keeps the connection alive; no reply. */
  Heartbeat: 3,
  /** client → server: unsubscribe; no reply. */
  Unsubscribe: 4,
} as const;

/** Lanyard event names (`t` of op 0). */
export const LanyardEvent = {
  InitState: "INIT_STATE",
  PresenceUpdate: "PRESENCE_UPDATE",
} as const;

/** Grux socket message names (`op`, a string in Grux's protocol). */
export const GruxOp = {
  InitialData: "initial_data",
  PresenceUpdate: "presence_update",
} as const;

/** A close code with the reason string sent in the close frame. */
export interface CloseReason {
  code: number;
  reason: string;
}

/**
 * Every close code presence-kit sends. 4004–4006 are Lanyard's (same reasons); the others are
 * presence-kit's own, documented in the README.
 */
export const CloseCode = {
  /** Server shutting down: reconnect (elsewhere). */
  goingAway: { code: 1001, reason: "going_away" },
  /** A client frame larger than {@link MAX_FRAME_BYTES}. */
  messageTooBig: { code: 1009, reason: "message_too_big" },
  /** No frame from the client for twice the heartbeat interval. */
  heartbeatTimeout: { code: 4000, reason: "heartbeat_timeout" },
  unknownOpcode: { code: 4004, reason: "unknown_opcode" },
  requiresDataObject: { code: 4005, reason: "requires_data_object" },
  invalidPayload: { code: 4006, reason: "invalid_payload" },
  /** `subscribe_to_all` while `ALLOW_SUBSCRIBE_ALL=false`. */
  subscribeAllDisabled: { code: 4007, reason: "subscribe_all_disabled" },
  /** More distinct ids than `MAX_SUBSCRIPTION_IDS` on one connection. */
  tooManyIds: { code: 4008, reason: "too_many_ids" },
  /** The client does not read: its outgoing buffer passed {@link MAX_BUFFERED_BYTES}. */
  slowConsumer: { code: 4009, reason: "slow_consumer" },
  /** originoid / Grux: the id in the URL is not a Discord user id. */
  invalidUserId: { code: 4010, reason: "invalid_user_id" },
  /** Grux: the user is not (or no longer) monitored. */
  userNotMonitored: { code: 4011, reason: "user_not_monitored" },
  /** The client sent more frames or bytes per window than {@link INBOUND_FRAMES_PER_WINDOW} / {@link INBOUND_BYTES_PER_WINDOW}. */
  rateLimited: { code: 4012, reason: "rate_limited" },
} as const satisfies Record<string, CloseReason>;

/** `heartbeat_interval` announced in Hello, in ms; silence for twice this closes with 4000. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** Largest client frame accepted, in bytes; a larger one closes with 1009. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Frames one connection may send per {@link INBOUND_WINDOW_MS}; one more closes with 4012. */
export const INBOUND_FRAMES_PER_WINDOW = 60;

/** Bytes (frame payloads) one connection may send per {@link INBOUND_WINDOW_MS}; past it, 4012. */
export const INBOUND_BYTES_PER_WINDOW = 256 * 1024;

/** The window of the inbound frame and byte limits, in ms. */
export const INBOUND_WINDOW_MS = 10_000;

/**
 * Outgoing bytes a connection may have queued (not yet taken by the kernel) before the next
 * message; past it the connection is closed with 4009 instead of buffering more.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * How long a large initial state, written in parts as the client reads, may wait for the client
 * to take anything before the connection is closed with 4009 (it does not read), in ms.
 */
export const INIT_STALL_MS = 10_000;

/** How long a shutdown waits for close handshakes before cutting the remaining sockets, in ms. */
export const SHUTDOWN_GRACE_MS = 1000;

/** The `compression` query value that turns on per-message zlib on `/socket`. */
export const ZLIB_JSON = "zlib_json";
