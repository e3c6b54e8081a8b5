// One ingest measurement in a fresh process (fresh heap): connect to the simulator, wait for the
// member sync, ask for a flood, count PRESENCE_UPDATEs until all arrived. Prints one JSON line.
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { createConsentChoices } from "../server/consent/choices.ts";
import { createConsentGate } from "../server/consent/gate.ts";
import { createHub } from "../server/presence/hub.ts";
import { createDiscordSource, discordClientOptions } from "../server/source/discord.ts";
import { createStorage } from "../server/storage/index.ts";

const [variant, simUrl, countArg, membersArg, storageDir] = process.argv.slice(2);
const count = Number(countArg);
const members = Number(membersArg);
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => (gc(), gc(), process.memoryUsage().heapUsed);
const apiUrl = `${simUrl}/api`;
const fast = { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) };
const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildPresences];

let seen = 0;
let first = 0;
let done: () => void;
const finished = new Promise<void>((r) => (done = r));
function onEvent() {
  if (seen++ === 0) first = performance.now();
  if (seen === count) done();
}

const heapBefore = heap();
let stop: () => Promise<unknown>;
// Write-behind batches in flight are transient; measure the heap once they are written.
let flushed: () => Promise<unknown> = async () => {};
if (variant === "discordjs-default" || variant === "discordjs-same") {
  // discord.js alone, no app code: out of the box with a presenceUpdate listener, or with exactly
  // presence-kit's client options and only a counter on the raw dispatch.
  const client =
    variant === "discordjs-same"
      ? new Client(discordClientOptions({ apiUrl, largeThreshold: 250, fastIdentify: true }))
      : new Client({ intents, partials: [Partials.User], rest: { api: apiUrl }, ws: { large_threshold: 250, ...fast } });
  if (variant === "discordjs-default") client.on(Events.PresenceUpdate, () => {});
  client.on(Events.Raw, (p: { t: string }) => p.t === "PRESENCE_UPDATE" && onEvent());
  const ready = new Promise((r) => client.once(Events.ClientReady, r));
  await client.login("bench.token");
  await ready;
  // Same starting point as presence-kit: every member fetched once.
  for (const guild of client.guilds.cache.values()) await guild.members.fetch({ withPresences: true });
  stop = () => client.destroy();
} else {
  const storage = createStorage(variant === "presence-kit-fs" ? { driver: "fs", base: storageDir } : { driver: "memory" });
  const hub = createHub({ storage });
  // The consent gate in its default mode: every member public, so the same events reach the hub,
  // each after the gate's opt-out lookup.
  let gate;
  if (variant === "presence-kit-consent") {
    const choices = createConsentChoices(createStorage({ driver: "memory" }));
    await choices.load();
    gate = createConsentGate({ hub, choices });
  }
  const source = createDiscordSource({ token: "bench.token", apiUrl, fastIdentify: true, log: () => {}, gate });
  await source.start(hub);
  await source.ready();
  hub.subscribe("all", onEvent);
  stop = async () => (await source.stop(), await hub.close());
  flushed = () => hub.flush();
}
const heapReady = heap();
const flood = fetch(`${simUrl}/_sim/flood`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ count }),
});
const timeout = setTimeout(() => done(), 60_000);
await finished;
const ms = performance.now() - first;
clearTimeout(timeout);
await flood;
await flushed();
const heapAfter = heap();
await stop();
console.log(
  JSON.stringify({
    variant,
    events: seen,
    ms: Math.round(ms),
    perSecond: Math.round((seen / ms) * 1000),
    bytesPerMemberReady: Math.round((heapReady - heapBefore) / members),
    bytesPerMemberAfter: Math.round((heapAfter - heapBefore) / members),
    rssMB: Math.round(process.memoryUsage().rss / 1048576),
  }),
);
process.exit(0);
