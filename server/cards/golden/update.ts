// `npm run cards:golden`: redraws every golden card and rewrites server/cards/__golden__/*.png.
// Look at the changed images (git shows them) before committing them.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_CASES, GOLDEN_DIR, renderGolden, startGoldenContext } from "./cases.ts";

const ctx = await startGoldenContext();
try {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const names = new Set(GOLDEN_CASES.map((c) => `${c.name}.png`));
  for (const file of readdirSync(GOLDEN_DIR)) if (!names.has(file)) rmSync(join(GOLDEN_DIR, file));
  for (const golden of GOLDEN_CASES) {
    const png = await renderGolden(golden, ctx);
    writeFileSync(join(GOLDEN_DIR, `${golden.name}.png`), png);
    console.log(`${golden.name}.png  ${(png.length / 1024).toFixed(1)} KB`);
  }
} finally {
  await ctx.close();
}
