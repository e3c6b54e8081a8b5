// Entry for `npm run dev` (listhen -w --ws): listhen owns the listener and reloads this module on
// change, so the previous runtime (gateway connection, simulator, sockets) is closed first.
import { loadConfig } from "./config.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { toWebSocketOptions } from "./socket/resolve.ts";

const slot = globalThis as { __presenceKitDev?: Runtime };
await slot.__presenceKitDev?.close();
const runtime = await createRuntime(loadConfig(process.env), { fastIdentify: true });
slot.__presenceKitDev = runtime;
await runtime.start();

// The same listener as `npm start`: the fast path, then the app.
export const handler = runtime.listener;
// listhen's crossws adapter reads only `resolve` (and `hooks`) from this export.
export const websocket = toWebSocketOptions(runtime.app);
