// Worker of bench/cards (run with --expose-gc): render time of each card on a render-cache miss,
// side by side with satori + resvg alone on the same prebuilt element, then RSS/heap over many
// renders. Images are fetched once from an in-process simulator (127.0.0.1) and then cached, as
// in the server. Prints one JSON line.
import { buildCard, toCardData } from "../server/cards/build-card.ts";
import { goldenPresence, GOLDEN_NOW } from "../server/cards/golden/cases.ts";
import { createImageFetcher } from "../server/cards/images.ts";
import { parseCardOptions } from "../server/cards/options.ts";
import { profileCard, profileCardHeight } from "../server/cards/profile-card.ts";
import { renderCard } from "../server/cards/render.ts";
import { SPOTIFY_CARD_HEIGHT, spotifyCard } from "../server/cards/spotify-card.ts";
import { createSimulator } from "../server/simulator/index.ts";

const SAMPLES = Number(process.argv[2] ?? 300);
const RENDERS = Number(process.argv[3] ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const sim = await createSimulator({ personas: true, script: false });
const urls = { cdnUrl: sim.cdnUrl, spotifyImageUrl: sim.spotifyImageUrl };
const images = createImageFetcher({ allow: [sim.cdnUrl, sim.spotifyImageUrl] });
const presence = goldenPresence("spotify", urls);
const designs = { profile: parseCardOptions(new URLSearchParams("")), spotify: parseCardOptions(new URLSearchParams("card=spotify")) };
const formats = ["svg", "png"] as const;

const timings: Record<string, { median: number; p99: number; rawMedian: number; rawP99: number }> = {};
for (const [design, options] of Object.entries(designs)) {
  // The raw side: the same element, laid out and rasterised with nothing around it.
  const data = await toCardData(presence, options, images, urls);
  const element = design === "spotify" ? spotifyCard(data, options, GOLDEN_NOW) : profileCard(data, options, GOLDEN_NOW);
  const height = design === "spotify" ? SPOTIFY_CARD_HEIGHT : profileCardHeight(data, options);
  for (const format of formats) {
    const ours = () => buildCard(presence, options, format, { images, urls, now: GOLDEN_NOW });
    const raw = () => renderCard(element, { width: options.width, height, format });
    const [a, b] = [await _time(ours), await _time(raw)];
    timings[`${design} ${format}`] = { median: a.median, p99: a.p99, rawMedian: b.median, rawP99: b.p99 };
  }
}

// Memory: many renders of every kind, the event loop turning between them as in a server.
const kinds = Object.values(designs).flatMap((options) => formats.map((format) => ({ options, format })));
gc();
const before = process.memoryUsage();
let half = before;
for (let i = 0; i < RENDERS; i++) {
  const { options, format } = kinds[i % kinds.length]!;
  await buildCard(presence, options, format, { images, urls, now: GOLDEN_NOW + i * 1000 });
  await tick();
  if (i === RENDERS / 2 - 1) {
    gc();
    half = process.memoryUsage();
  }
}
gc();
const after = process.memoryUsage();
await sim.close();
const mb = (m: NodeJS.MemoryUsage) => ({ rss: _round(m.rss / 2 ** 20), heap: _round(m.heapUsed / 2 ** 20) });
console.log(JSON.stringify({ timings, renders: RENDERS, memory: { before: mb(before), half: mb(half), after: mb(after) } }));

// --- internal ---

async function _time(run: () => Promise<unknown>): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
    await tick();
  }
  samples.sort((x, y) => x - y);
  return { median: _round(samples[samples.length >> 1]!), p99: _round(samples[Math.floor(samples.length * 0.99)]!) };
}

function _round(n: number): number {
  return Math.round(n * 100) / 100;
}
