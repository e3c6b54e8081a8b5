// Entry for `npm run dev` (listhen -w --ws): listhen owns the listener and reloads this module on
// change, so the previous runtime (gateway connection, simulator, sockets) is closed first.
import { toNodeHandler } from "h3/node";
import { loadConfig } from "./config.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { toWebSocketOptions } from "./socket/resolve.ts";

const slot = globalThis as { __presenceKitDev?: Runtime };
await slot.__presenceKitDev?.close();
const runtime = await createRuntime(loadConfig(process.env), { fastIdentify: true });
slot.__presenceKitDev = runtime;
await runtime.start();

export const handler = toNodeHandler(runtime.app);
// listhen's crossws adapter reads only `resolve` (and `hooks`) from this export.
export const websocket = toWebSocketOptions(runtime.app);
