// Entry for `npm run dev` (listhen -w --ws): listhen owns the listener and reloads this module on
// change. Reloads are chained (the previous runtime is closed first, and the demo's simulator
// keeps its port), and the widget bundle is rebuilt when widgets/ changes.
import { fileURLToPath } from "node:url";
import { buildWidgets } from "../widgets/build.ts";
import { loadConfig } from "./config.ts";
import { reloadDev, watchWidgets, type DevSlot } from "./dev-reload.ts";
import { createRuntime } from "./runtime.ts";
import { toWebSocketOptions } from "./socket/resolve.ts";

const slot = globalThis as { __presenceKitDev?: DevSlot; __presenceKitWidgets?: Promise<unknown> };
slot.__presenceKitWidgets ??= watchWidgets(fileURLToPath(new URL("../widgets/", import.meta.url)), async () => {
  const { gzipBytes } = await buildWidgets();
  console.log(`[widgets] rebuilt public/widgets.js (${gzipBytes} B gzipped)`);
});
const runtime = await reloadDev((slot.__presenceKitDev ??= {}), (simulatorPort) =>
  createRuntime(loadConfig(process.env), { fastIdentify: true, simulatorPort }),
);

// The same listener as `npm start`: the fast path, then the app.
export const handler = runtime.listener;
// listhen's crossws adapter reads only `resolve` (and `hooks`) from this export.
export const websocket = toWebSocketOptions(runtime.app);
