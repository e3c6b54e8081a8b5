import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { collectMetrics } from "../metrics/collect.ts";
import { EXPOSITION_CONTENT_TYPE, toExposition } from "../metrics/exposition.ts";
import type { Metrics } from "../metrics/registry.ts";

/**
 * `GET /metrics` in Prometheus text format, when `METRICS` is on (else the route does not exist,
 * a 404). Also counts the hub's changes for it. Not rate limited.
 * @see README.md#rate-limits-and-metrics
 */
export function metricsRoutes(
  app: H3,
  { config, hub, source }: AppDeps,
  metrics: Metrics,
  sseStreams: () => number,
): void {
  if (!config.metrics) return;
  hub.subscribe("all", () => void metrics.hubChanges++);
  app.get("/metrics", function _metrics(event) {
    const body = toExposition(collectMetrics({ metrics, hub, source, sseStreams }));
    const headers = new Headers(event.res.headers);
    headers.set("content-type", EXPOSITION_CONTENT_TYPE);
    headers.set("cache-control", "no-store");
    return new Response(body, { headers });
  });
}
