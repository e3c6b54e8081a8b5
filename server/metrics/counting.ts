/**
 * Thin wrappers that count what flows through an existing interface (the presence sink, the card
 * render cache, a socket session), so the code behind them needs no metrics of its own.
 */

import type { RenderCache } from "../cards/render-cache.ts";
import type { Connection } from "../socket/connection.ts";
import type { Session } from "../socket/hooks.ts";
import type { PresenceSink } from "../source/source.ts";
import type { Metrics, SocketDialect } from "./registry.ts";

/**
 * The hub as a presence source's sink, counting every write in `metrics.sourceWrites`.
 * @example
 * await source.start(countSink(hub, metrics));
 */
export function countSink(sink: PresenceSink, metrics: Metrics): PresenceSink {
  return {
    sync(userId, diff) {
      metrics.sourceWrites++;
      return sink.sync(userId, diff);
    },
    remove(userId) {
      metrics.sourceWrites++;
      return sink.remove(userId);
    },
    holds: sink.holds && ((userId, diff) => sink.holds!(userId, diff)),
  };
}

/**
 * A render cache counting lookups as hits or misses, and stores as renders (a card is stored
 * right after it was rendered).
 * @example
 * cardRoutes(app, deps, { cache: countCardCache(createRenderCache(), metrics) });
 */
export function countCardCache(cache: RenderCache, metrics: Metrics): RenderCache {
  const cards = metrics.cards;
  return {
    get(key) {
      const card = cache.get(key);
      if (card) cards.cacheHits++;
      else cards.cacheMisses++;
      return card;
    },
    has: (key) => cache.has(key),
    set(key, card) {
      cards.renders++;
      cache.set(key, card);
    },
    get size() {
      return cache.size;
    },
  };
}

/**
 * Wraps a socket route's session factory: the dialect's connection gauge goes up while the
 * session lives, and every frame sent through its connection counts in `framesOut.ws`. Without
 * a registry the factory is returned as is.
 * @example
 * const counted = countSessions(metrics);
 * sessionHooks(ctx, {}, counted("grux", (conn) => createGruxSession(conn, options)));
 */
export function countSessions(metrics: Metrics | undefined) {
  return function counted(
    dialect: SocketDialect,
    start: (conn: Connection) => Session,
  ): (conn: Connection) => Session {
    if (!metrics) return start;
    return (conn) => {
      const session = start(_countFrames(conn, metrics.framesOut));
      metrics.sockets[dialect]++;
      let disposed = false;
      return {
        receive: session.receive && ((text) => session.receive!(text)),
        dispose() {
          if (!disposed) (disposed = true), metrics.sockets[dialect]--;
          session.dispose();
        },
      };
    };
  };
}

// --- internal ---

/** The connection with `send` and `sendShared` counting; everything else (the `open` getter too) inherited. */
function _countFrames(conn: Connection, framesOut: Metrics["framesOut"]): Connection {
  const counted = Object.create(conn) as Connection;
  counted.send = (json) => {
    const sent = conn.send(json);
    if (sent) framesOut.ws++;
    return sent;
  };
  counted.sendShared = (seq, tail) => {
    const sent = conn.sendShared(seq, tail);
    if (sent) framesOut.ws++;
    return sent;
  };
  return counted;
}
