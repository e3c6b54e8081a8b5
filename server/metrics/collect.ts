/**
 * What one scrape of `GET /metrics` reports: the registry's counters plus gauges read at scrape
 * time from where they already live (hub size, open SSE streams, gateway status).
 * @see README.md#rate-limits-and-metrics
 */

import type { Hub } from "../presence/hub.ts";
import { SourceState, type PresenceSource } from "../source/source.ts";
import type { MetricFamily } from "./exposition.ts";
import { collectProcessMetrics } from "./process.ts";
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
  const ready = status.state === SourceState.ready ? 1 : 0;
  const uptime = (Date.now() - m.startedAt) / 1000;
  const cards = m.cards;
  return [
    _gauge("presence_kit_monitored_users", "Users presence-kit serves now.", from.hub.size),
    _gauge("presence_kit_connections", "Open client connections by transport and dialect.", [
      ...dialects.map((dialect) => _sample(m.sockets[dialect], { transport: "ws", dialect })),
      _sample(from.sseStreams(), { transport: "sse", dialect: "lanyard" }),
    ]),
    _counter(
      "presence_kit_source_updates_total",
      "Writes of the Discord gateway source into the hub (user and presence updates, removals).",
      m.sourceWrites,
    ),
    _counter("presence_kit_hub_changes_total", "Presence changes the hub fanned out.", m.hubChanges),
    _counter("presence_kit_frames_sent_total", "Frames written to clients by transport.", [
      _sample(m.framesOut.ws, { transport: "ws" }),
      _sample(m.framesOut.sse, { transport: "sse" }),
    ]),
    _counter("presence_kit_card_renders_total", "Cards rendered (not error cards).", cards.renders),
    _counter("presence_kit_card_cache_hits_total", "Cards served from the cache.", cards.cacheHits),
    _counter("presence_kit_card_cache_misses_total", "Cards that had to render.", cards.cacheMisses),
    _gauge("presence_kit_gateway_up", "1 when the Discord gateway is connected and synced.", ready),
    _gauge(
      "presence_kit_gateway_state",
      "The gateway's state: 1 for the current one, 0 for the others.",
      Object.values(SourceState).map((state) => _sample(state === status.state ? 1 : 0, { state })),
    ),
    _gauge("presence_kit_gateway_guilds", "Guilds the bot is in.", status.guilds),
    _gauge("presence_kit_gateway_members", "Members of those guilds.", status.members),
    _counter(
      "presence_kit_rate_limited_total",
      "Requests refused with 429, by budget (sockets: new WebSockets and SSE streams).",
      (["rest", "cards", "sockets"] as const).map((kind) => _sample(m.rateLimited[kind], { kind })),
    ),
    m.httpDurations.collect(),
    _gauge("presence_kit_uptime_seconds", "Seconds since this server started.", uptime),
    ...collectProcessMetrics(),
  ];
}

// --- internal ---

type Samples = MetricFamily["samples"];

function _sample(value: number, labels: Record<string, string>): Samples[number] {
  return { labels, value };
}

function _gauge(name: string, help: string, value: number | Samples): MetricFamily {
  return { name, help, type: "gauge", samples: typeof value === "number" ? [{ value }] : value };
}

function _counter(name: string, help: string, value: number | Samples): MetricFamily {
  return { name, help, type: "counter", samples: typeof value === "number" ? [{ value }] : value };
}
