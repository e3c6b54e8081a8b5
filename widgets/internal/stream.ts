/**
 * One EventSource per API base, shared by every element of the page: the multi-user stream
 * `/v1/events?ids=…` of all the ids the elements follow. A change of that set reopens the stream
 * once, batched in a microtask, so a page of many elements connects once.
 * @see README.md#server-sent-events
 */
import type { Presence } from "./types.ts";

/** Called with a user's presence, or `null` when the server does not monitor them. */
export type PresenceListener = (presence: Presence | null) => void;

/** Longest wait before recreating a stream the browser gave up on, in ms. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Follows `userId` on the server at `base` (no trailing slash); returns the function that stops.
 * A listener of a user the stream already knows is called in a microtask with the last presence.
 * @example
 * const stop = follow("https://presence.example.com", "94490510688792576", (p) => show(p));
 */
export function follow(base: string, userId: string, listener: PresenceListener): () => void {
  let stream = _streams.get(base);
  if (!stream) _streams.set(base, (stream = new _Stream(base)));
  return stream.add(userId, listener);
}

// --- internal ---

const _streams = new Map<string, _Stream>();

class _Stream {
  base: string;
  listeners = new Map<string, Set<PresenceListener>>();
  presences = new Map<string, Presence | null>();
  source: EventSource | undefined;
  /** The ids of the open stream, sorted and joined. */
  ids = "";
  /** The last event id seen on the stream of `ids`. */
  lastId = "";
  failures = 0;
  timer: ReturnType<typeof setTimeout> | undefined;
  queued = false;

  constructor(base: string) {
    this.base = base;
  }

  add(id: string, listener: PresenceListener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    if (this.presences.has(id)) {
      queueMicrotask(() => set.has(listener) && listener(this.presences.get(id) ?? null));
    }
    this._schedule();
    return () => {
      set.delete(listener);
      if (!set.size && this.listeners.get(id) === set) this.listeners.delete(id);
      this._schedule();
    };
  }

  _schedule(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this._open(false);
    });
  }

  _open(retry: boolean): void {
    const ids = [...this.listeners.keys()].sort().join(",");
    if (!retry && ids === this.ids && (this.source || this.timer)) return;
    // Only a stream of the same users may resume: another set needs a fresh `init`.
    const resume = ids === this.ids ? this.lastId : "";
    this.source?.close();
    clearTimeout(this.timer);
    this.source = this.timer = undefined;
    this.ids = ids;
    this.lastId = resume;
    if (!ids) return void this.presences.clear();
    const query = resume ? `&last_event_id=${encodeURIComponent(resume)}` : "";
    const source = (this.source = new EventSource(`${this.base}/v1/events?ids=${ids}${query}`));
    source.addEventListener("init", (e) => {
      const all = this._read(e) as Record<string, Presence>;
      this.presences.clear();
      for (const id of this.listeners.keys()) this._emit(id, all[id] ?? null);
    });
    source.addEventListener("presence", (e) => {
      const presence = this._read(e) as Presence;
      this._emit(presence.user_id, presence);
    });
    source.addEventListener("remove", (e) => this._emit((this._read(e) as Presence).user_id, null));
    source.onopen = () => (this.failures = 0);
    source.onerror = () => {
      // CONNECTING: the browser retries by itself (network loss, server gone). CLOSED: it gave up
      // (a 503 while the server shuts down, a proxy error page), so recreate with backoff.
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.source = undefined;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures++);
      this.timer = setTimeout(() => this._open(true), delay * (0.5 + Math.random() / 2));
    };
  }

  _read(event: Event): unknown {
    const message = event as MessageEvent<string>;
    if (message.lastEventId) this.lastId = message.lastEventId;
    return JSON.parse(message.data);
  }

  _emit(id: string, presence: Presence | null): void {
    if (!this.listeners.has(id)) return;
    this.presences.set(id, presence);
    for (const listener of this.listeners.get(id) ?? []) listener(presence);
  }
}
