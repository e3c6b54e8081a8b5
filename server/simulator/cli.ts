/**
 * Standalone simulator: `npm run simulator -- [--port 8787] [--members N] [--online all|none|N]
 * [--guilds N] [--shards N] [--token T] [--host H] [--no-script] [--no-personas]`.
 * Point presence-kit (or any discord.js bot) at the printed REST URL.
 */
import { parseArgs } from "node:util";
import { createSimulator } from "./index.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    "public-host": { type: "string" },
    members: { type: "string", default: "0" },
    online: { type: "string", default: "all" },
    guilds: { type: "string", default: "1" },
    shards: { type: "string", default: "1" },
    token: { type: "string" },
    "no-script": { type: "boolean", default: false },
    "no-personas": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "Usage: npm run simulator -- [--port 8787] [--members N] [--online all|none|N]\n" +
      "         [--guilds N] [--shards N] [--token T] [--host H] [--public-host H] [--no-script] [--no-personas]",
  );
  process.exit(0);
}

const { online: rawOnline } = values;
const online = rawOnline === "all" || rawOnline === "none" ? rawOnline : _int(rawOnline, "online");
const sim = await createSimulator({
  port: _int(values.port, "port"),
  host: values.host,
  publicHost: values["public-host"],
  members: _int(values.members, "members"),
  online,
  guilds: _int(values.guilds, "guilds"),
  shards: _int(values.shards, "shards"),
  token: values.token,
  script: !values["no-script"],
  personas: !values["no-personas"],
});

console.log(`presence-kit Discord simulator on ${sim.url}`);
console.log(`  REST     ${sim.apiUrl}`);
console.log(`  Gateway  ${sim.gatewayUrl}`);
console.log(`  CDN      ${sim.cdnUrl}`);
console.log(`  Control  ${sim.url}/_sim/state`);
const token = values.token ?? "anything";
console.log(`Try: DISCORD_API_URL=${sim.apiUrl} DISCORD_TOKEN=${token} npm start`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}

// --- internal ---

function _int(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${value}`);
    process.exit(2);
  }
  return n;
}
