import type { H3 } from "h3";
import { eventLoopDelayMs } from "../metrics/event-loop.ts";
import { VERSION } from "../version.ts";

const startedAt = Date.now();

/**
 * `GET /livez`: liveness. 200 whenever the process can answer at all, whatever Discord, Redis or
 * the gateway do: a probe that gets no answer within its timeout (a blocked event loop) is the
 * failure. Restart on this one; route traffic on `/health` (readiness).
 * @see README.md#logs-and-probes
 */
export function livenessRoutes(app: H3): void {
  app.get("/livez", function _livez(event) {
    event.res.headers.set("cache-control", "no-store");
    return {
      success: true,
      data: { status: "alive", version: VERSION, uptime_ms: Date.now() - startedAt, event_loop_delay_ms: eventLoopDelayMs() },
    };
  });
}
