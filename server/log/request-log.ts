/**
 * `LOG_REQUESTS=true`: one `info` line per HTTP request, written when the answer is finished or
 * the connection closed: method, path (never the query string, which may carry user input), status,
 * duration. It listens on the Node server itself, so every request path is logged alike.
 * @see README.md#logs-and-probes
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { logger } from "./logger.ts";

/**
 * Logs every request `server` answers from now on.
 * @example
 * attachRequestLog(listener.server);
 */
export function attachRequestLog(server: Server): void {
  server.on("request", function _logRequest(req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    res.once("close", () => {
      const path = (req.url ?? "/").split("?", 1)[0]!.slice(0, 200);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const fields = { method: req.method, path, status: res.statusCode, ms, completed: res.writableFinished };
      logger.info(fields, "request");
    });
  });
}
