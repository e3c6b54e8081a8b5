/**
 * What one scrape of `GET /metrics` reports: the registry's counters plus gauges read at scrape
 * time from where they already live (hub size, open SSE streams, gateway status).
 * @see README.md#rate-limits-and-metrics
 */

import type { Hub } from "../presence/hub.ts";
import { SourceState, type PresenceSource } from "../source/source.ts";
import type { MetricFamily } from "./exposition.ts";
import type { Metrics, SocketDialect } from "./registry.ts";

/** Where a scrape reads from. */
export interface MetricSources {
  metrics: Metrics;
  hub: Pick<Hub, "size">;
  source: Pick<PresenceSource, "status">;
  /** Open Server-Sent Events streams. */
  sseStreams(): number;
}

/**
 * Every metric family, in a stable order.
 * @example
 * toExposition(collectMetrics({ metrics, hub, source, sseStreams: () => broker.size }));
 */
export function collectMetrics(from: MetricSources): MetricFamily[] {
  const { metrics: m } = from;
  const status = from.source.status();
  const dialects = Object.keys(m.sockets) as SocketDialect[];
  return [
    _gauge("presence_kit_monitored_users", "Users presence-kit serves now.", from.hub.size),
    {
      name: "presence_kit_connections",
      help: "Open client connections by transport and dialect (WebSockets and SSE streams).",
      type: "gauge",
      samples: [
        ...dialects.map((dialect) => ({ labels: { transport: "ws", dialect }, value: m.sockets[dialect] })),
        { labels: { transport: "sse", dialect: "lanyard" }, value: from.sseStreams() },
      ],
    },
    _counter("presence_kit_source_updates_total", "Writes of the Discord gateway source into the hub (user and presence updates, removals).", m.sourceWrites),
    _counter("presence_kit_hub_changes_total", "Presence changes the hub fanned out to subscribers.", m.hubChanges),
    {
      name: "presence_kit_frames_sent_total",
      help: "Frames written to clients by transport (events, init, hello and heartbeat frames).",
      type: "counter",
      samples: [
        { labels: { transport: "ws" }, value: m.framesOut.ws },
        { labels: { transport: "sse" }, value: m.framesOut.sse },
      ],
    },
    _counter("presence_kit_card_renders_total", "Cards rendered (error cards not included).", m.cards.renders),
    _counter("presence_kit_card_cache_hits_total", "Card requests answered from the render cache.", m.cards.cacheHits),
    _counter("presence_kit_card_cache_misses_total", "Card requests that had to render.", m.cards.cacheMisses),
    _gauge("presence_kit_gateway_up", "1 when the Discord gateway is connected and synced, else 0.", status.state === SourceState.ready ? 1 : 0),
    {
      name: "presence_kit_gateway_state",
      help: "The gateway's state: 1 for the current one, 0 for the others.",
      type: "gauge",
      samples: Object.values(SourceState).map((state) => ({ labels: { state }, value: state === status.state ? 1 : 0 })),
    },
    _gauge("presence_kit_gateway_guilds", "Guilds the bot is in.", status.guilds),
    _gauge("presence_kit_gateway_members", "Members of those guilds (users who may be monitored).", status.members),
    {
      name: "presence_kit_rate_limited_total",
      help: "Requests refused with 429 by limit (rest, cards, sockets: new WebSockets and SSE streams).",
      type: "counter",
      samples: (["rest", "cards", "sockets"] as const).map((kind) => ({ labels: { kind }, value: m.rateLimited[kind] })),
    },
    _gauge("presence_kit_uptime_seconds", "Seconds since this server started.", (Date.now() - m.startedAt) / 1000),
    _gauge("process_resident_memory_bytes", "Resident memory size of this process in bytes.", process.memoryUsage.rss()),
  ];
}

// --- internal ---

function _gauge(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: "gauge", samples: [{ value }] };
}

function _counter(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: "counter", samples: [{ value }] };
}
