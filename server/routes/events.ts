import type { H3 } from "h3";
import type { AppDeps } from "../app.ts";

/** Server-Sent Events routes (to be written). */
export function eventsRoutes(_app: H3, _deps: AppDeps): void {}
