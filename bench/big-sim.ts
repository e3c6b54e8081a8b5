// The simulator for bench/big in its own process: N filler members, all online, each with a
// Spotify and a VS Code activity (≈1.3 KB of Lanyard presence per user), set before any bot
// connects. Prints its URL like the standalone simulator.
import { parseArgs } from "node:util";
import { createSimulator, fillerUser } from "../server/simulator/index.ts";

const { values } = parseArgs({ options: { port: { type: "string", default: "0" }, members: { type: "string", default: "50000" } } });
const members = Number(values.members);
const sim = await createSimulator({ port: Number(values.port), members, online: "all", script: false, personas: false });
const start = Date.now();
for (let i = 0; i < members; i++) {
  const { id } = fillerUser(i);
  sim.setPresence(id, { activities: _activities(id, i, start) });
}
console.log(`simulator listening on ${sim.url}`);

function _activities(userId: string, i: number, now: number) {
  const track = (i * 7919).toString(36).padStart(22, "x").slice(0, 22);
  return [
    {
      type: 2,
      name: "Spotify",
      id: "spotify:1",
      flags: 48,
      created_at: now - 60_000,
      details: `Song number ${i}`,
      state: `Artist ${i % 997}; Featured ${i % 101}`,
      timestamps: { start: now - 60_000, end: now + 180_000 },
      assets: { large_image: `spotify:ab67616d0000b273${track.padEnd(24, "0")}`, large_text: `Album ${i % 4999}` },
      party: { id: `spotify:${userId}` },
      sync_id: track,
      session_id: `session${i}`,
    },
    {
      type: 0,
      name: "Visual Studio Code",
      application_id: "383226320970055681",
      created_at: now - 3_600_000,
      details: `Editing file-${i}.ts`,
      state: `Workspace: project-${i % 313}`,
      timestamps: { start: now - 3_600_000 },
      assets: {
        large_image: "565945350836518919",
        large_text: "Editing a TypeScript file",
        small_image: "565945770067853323",
        small_text: "Visual Studio Code",
      },
    },
  ];
}
