import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { SourceState } from "../source/source.ts";
import { VERSION } from "../version.ts";

const startedAt = Date.now();

/**
 * `GET /health`: 200 while the gateway is ready, 503 otherwise, with the gateway's state either
 * way, so a load balancer or `curl` can tell "up but not connected to Discord" apart.
 */
export function healthRoutes(app: H3, { hub, source, cluster }: AppDeps): void {
  app.get("/health", function _health(event) {
    const gateway = source.status();
    const peers = cluster?.();
    const ok = gateway.state === SourceState.ready && peers?.bus !== "disconnected" && peers?.storage !== "disconnected";
    event.res.status = ok ? 200 : 503;
    event.res.headers.set("cache-control", "no-store");
    return {
      success: ok,
      data: {
        status: ok ? "ok" : "degraded",
        version: VERSION,
        gateway: { source: source.name, ...gateway },
        monitored_users: hub.size,
        ...(peers && { cluster: peers }),
        uptime_ms: Date.now() - startedAt,
      },
    };
  });
}
