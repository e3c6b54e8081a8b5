// The server of bench/cards, in its own process (the bench pins it to one core): presence-kit on
// 127.0.0.1 against the simulator URL given as argv[2], with rate limits off. Prints
// `{"url": …}` once the gateway is ready, stops on SIGTERM.
import { loadConfig } from "../server/config.ts";
import { startServer } from "../server/runtime.ts";

const sim = process.argv[2]!;
const config = loadConfig(
  {
    PORT: "0",
    HOST: "127.0.0.1",
    STORAGE: "memory",
    DISCORD_TOKEN: "bench",
    DISCORD_API_URL: `${sim}/api`,
    DISCORD_CDN_URL: `${sim}/cdn`,
    SPOTIFY_IMAGE_URL: `${sim}/spotify/image`,
    RATE_LIMIT_REST: "0",
    RATE_LIMIT_CARDS: "0",
  },
  { dotenv: false },
);
const server = await startServer(config, { log: () => {} });
await server.source.ready();
console.log(JSON.stringify({ url: server.url }));
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
