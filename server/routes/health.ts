import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";
import { JSON_TYPE, sendAnswer, type Answer } from "../serve/answer.ts";
import type { FastRoute } from "../serve/fast-path.ts";
import { SourceState } from "../source/source.ts";
import { VERSION } from "../version.ts";

const startedAt = Date.now();

/**
 * `GET /health`: 200 while the gateway is ready, 503 otherwise, with the gateway's state either
 * way, so a load balancer or `curl` can tell "up but not connected to Discord" apart.
 */
export function healthRoutes(app: H3, deps: AppDeps): void {
  const health = healthRoute(deps);
  app.get("/health", function _health(event) {
    return sendAnswer(event, health.answer());
  });
}

/**
 * The `/health` answer, built on each request (the state it reports changes at any time); one
 * definition for the h3 route and the fast path.
 * @example
 * const health = healthRoute({ hub, source });
 * health.answer().status; // 200 once the gateway is ready
 */
export function healthRoute({ hub, source, cluster }: Pick<AppDeps, "hub" | "source" | "cluster">): FastRoute & { answer(): Answer } {
  return {
    route: "/health",
    answer() {
      const gateway = source.status();
      const peers = cluster?.();
      const ok = gateway.state === SourceState.ready && peers?.bus !== "disconnected" && peers?.storage !== "disconnected";
      const body = {
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
      return { status: ok ? 200 : 503, headers: _HEADERS, body: Buffer.from(JSON.stringify(body)) };
    },
  };
}

// --- internal ---

const _HEADERS = [
  ["cache-control", "no-store"],
  ["content-type", JSON_TYPE],
] as const;
