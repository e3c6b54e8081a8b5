/**
 * Bundles and minifies `widgets/index.ts` into `public/widgets.js`, the file the server serves at
 * `/widgets.js`. Run by `npm run build:widgets` (and before `npm start`, `npm test`, `npm run dev`).
 * @see README.md#web-components
 */
import { rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Where the bundle is written. */
export const WIDGETS_BUNDLE = fileURLToPath(new URL("../public/widgets.js", import.meta.url));

/** The bundle's size budget, minified and gzipped. */
export const WIDGETS_BUDGET_GZIP = 8192;

/**
 * Builds the bundle; writes it to `outfile` unless `write` is false. Returns its code and sizes.
 * @example
 * const { bytes, gzipBytes } = await buildWidgets({ write: false });
 */
export async function buildWidgets(
  { outfile = WIDGETS_BUNDLE, write = true }: { outfile?: string; write?: boolean } = {},
): Promise<{ code: string; bytes: number; gzipBytes: number }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    legalComments: "none",
    write: false,
  });
  const code = result.outputFiles[0]!.text;
  if (write) {
    // Temp file + rename: test files build in parallel while servers read the bundle.
    const temp = `${outfile}.${process.pid}.tmp`;
    await writeFile(temp, code);
    await rename(temp, outfile);
  }
  const bytes = Buffer.byteLength(code);
  return { code, bytes, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes, gzipBytes } = await buildWidgets();
  console.log(`[widgets] public/widgets.js: ${bytes} B minified, ${gzipBytes} B gzipped`);
}
