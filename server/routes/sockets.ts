import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";

/** WebSocket routes (to be written). */
export function socketRoutes(_app: H3, _deps: AppDeps): void {}
