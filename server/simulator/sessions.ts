/**
 * Gateway sessions and their resume buffers. A session outlives its socket: every dispatch is
 * numbered and kept (bounded), so a RESUME within `timeoutMs` of the disconnect replays exactly
 * what the client missed, including events generated while it was away.
 */
import { WebSocket } from "ws";
import { shardOf } from "./protocol.ts";

/** One identified Gateway session. */
export interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  largeThreshold: number;
  /** Sequence number of the last dispatch. */
  seq: number;
  /** The last dispatches, oldest first. */
  buffer: Array<{ s: number; frame: string }>;
  /** The socket currently attached, or null while the session waits for a RESUME. */
  socket: WebSocket | null;
  expiry: NodeJS.Timeout | null;
}

/** The session registry; see {@link createSessionStore}. */
export type SessionStore = ReturnType<typeof createSessionStore>;

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  /** How long a detached session stays resumable, in milliseconds. */
  timeoutMs: number;
  /** How many dispatches each session keeps for replay. @default 5000 */
  bufferSize?: number;
  /** Called once per dispatch (stats). */
  onDispatch?: () => void;
}

/** Creates an empty session registry. */
export function createSessionStore(options: SessionStoreOptions) {
  const { timeoutMs, bufferSize = 5000, onDispatch } = options;
  const sessions = new Map<string, Session>();

  return {
    get: (id: string): Session | undefined => sessions.get(id),
    all: (): Session[] => [...sessions.values()],
    /** Sessions (attached or resumable) whose shard owns `guildId` and that have `intent`. */
    owning(guildId: string, intent: number): Session[] {
      return [...sessions.values()].filter(
        (s) => (s.intents & intent) === intent && shardOf(guildId, s.shard[1]) === s.shard[0],
      );
    },
    create(init: Pick<Session, "id" | "shard" | "intents" | "largeThreshold">): Session {
      const session: Session = { ...init, seq: 0, buffer: [], socket: null, expiry: null };
      sessions.set(session.id, session);
      return session;
    },
    attach(session: Session, socket: WebSocket): void {
      if (session.expiry) clearTimeout(session.expiry);
      session.expiry = null;
      session.socket = socket;
    },
    /** Detaches the socket; the session is forgotten after `timeoutMs` unless resumed. */
    detach(session: Session): void {
      session.socket = null;
      if (session.expiry) clearTimeout(session.expiry);
      session.expiry = setTimeout(() => sessions.delete(session.id), timeoutMs).unref();
    },
    forget(session: Session): void {
      if (session.expiry) clearTimeout(session.expiry);
      sessions.delete(session.id);
    },
    /** Numbers, buffers and (when attached) sends one dispatch; `cb` runs once it is written. */
    dispatch(session: Session, t: string, d: unknown, cb?: () => void): void {
      _dispatchJson(session, t, JSON.stringify(d), cb);
    },
    /** Like `dispatch` with `d` already serialized (floods pre-serialize once for all sessions). */
    dispatchJson: _dispatchJson,
    /** Whether a RESUME from `seq` can be served from the buffer. */
    canResume(session: Session, seq: number): boolean {
      if (!Number.isInteger(seq) || seq < 0 || seq > session.seq) return false;
      if (seq === session.seq) return true;
      return session.buffer.length > 0 && session.buffer[0].s <= seq + 1;
    },
    /** Sends every buffered dispatch after `seq`, then RESUMED; returns how many were replayed. */
    replay(session: Session, seq: number): number {
      let replayed = 0;
      for (const entry of session.buffer) {
        if (entry.s <= seq) continue;
        _send(session.socket, entry.frame);
        replayed++;
      }
      // RESUMED gets a number but is not buffered: replaying it on a later resume would be wrong.
      _send(session.socket, `{"op":0,"t":"RESUMED","s":${++session.seq},"d":{}}`);
      return replayed;
    },
    clear(): void {
      for (const session of sessions.values()) if (session.expiry) clearTimeout(session.expiry);
      sessions.clear();
    },
  };

  function _dispatchJson(session: Session, t: string, json: string, cb?: () => void): void {
    const s = ++session.seq;
    const frame = `{"op":0,"t":"${t}","s":${s},"d":${json}}`;
    session.buffer.push({ s, frame });
    // Trim in batches so a flood does not pay for a shift per event.
    if (session.buffer.length > bufferSize + 512) {
      session.buffer.splice(0, session.buffer.length - bufferSize);
    }
    onDispatch?.();
    if (!_send(session.socket, frame, cb)) cb?.();
  }
}

// --- internal ---

function _send(socket: WebSocket | null, frame: string, cb?: () => void): boolean {
  if (socket?.readyState !== WebSocket.OPEN) return false;
  socket.send(frame, cb && (() => cb()));
  return true;
}
