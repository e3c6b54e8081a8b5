/**
 * `npm run build`: the production build in `dist/`, run with plain `node` (no TypeScript loader):
 * - `dist/server/index.mjs` (the server), `dist/server/outbound-worker.mjs` (its thread for outbound
 *   requests) and `dist/server/simulator.mjs` (the standalone Discord simulator), esbuild bundles
 *   of every JavaScript dependency;
 * - `dist/node_modules/`: only what a bundle cannot hold: the native SVG renderer and the font and
 *   emoji files the cards read (the Noto Sans JP subsets of weight 400, not all 82 MB);
 * - `public/widgets.js`, the widgets bundle.
 * The bundles sit two folders deep, like `server/routes/*.ts`, so the paths they resolve from
 * `import.meta.url` (`../../public/`, `../../playground/`) point at the same folders.
 * @see README.md#production-build
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildWidgets } from "../widgets/build.ts";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the production build goes. */
export const DIST = join(ROOT, "dist");

// Native addons cannot be bundled; the optional discord.js/ws speed-ups are not installed.
const EXTERNAL = ["@resvg/resvg-js", "zlib-sync", "bufferutil", "utf-8-validate", "erlpack"];

/**
 * Builds everything; returns the bundle sizes in bytes.
 * @example
 * await buildProduction();
 */
export async function buildProduction(): Promise<Record<string, number>> {
  await rm(DIST, { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      index: join(ROOT, "server/index.ts"),
      simulator: join(ROOT, "server/simulator/cli.ts"),
      "outbound-worker": join(ROOT, "server/outbound/worker.ts"),
    },
    outdir: join(DIST, "server"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });
  await _copyRuntimeFiles();
  await buildWidgets();
  await writeFile(join(DIST, "package.json"), JSON.stringify({ type: "module", private: true }) + "\n");
  const sizes: Record<string, number> = {};
  for (const [file, out] of Object.entries(result.metafile.outputs)) sizes[file] = out.bytes;
  return sizes;
}

// --- internal ---

const _require = createRequire(import.meta.url);

/** Copies the files the bundles read from packages at run time into `dist/node_modules`. */
async function _copyRuntimeFiles(): Promise<void> {
  const modules = join(DIST, "node_modules");
  const resvg = _pkgDir("@resvg/resvg-js");
  // The platform's binary package is whichever @resvg/resvg-js-* npm installed beside it.
  for (const name of await readdir(dirname(resvg))) {
    if (name.startsWith("resvg-js")) await cp(join(dirname(resvg), name), join(modules, "@resvg", name), { recursive: true });
  }
  await cp(_pkgDir("@twemoji/svg"), join(modules, "@twemoji/svg"), { recursive: true });
  const inter = _pkgDir("@fontsource/inter");
  await _copyFiles(inter, join(modules, "@fontsource/inter"), ["package.json", "LICENSE"]);
  for (const subset of ["latin", "latin-ext"]) {
    for (const weight of [400, 700]) {
      const file = `files/inter-${subset}-${weight}-normal.woff`;
      await _copyFiles(inter, join(modules, "@fontsource/inter"), [file]);
    }
  }
  // server/cards/fonts.ts reads 400.css and the .woff files it names.
  const jp = _pkgDir("@fontsource/noto-sans-jp");
  const css = await readFile(join(jp, "400.css"), "utf8");
  const files = [...css.matchAll(/url\(\.\/(files\/[^)]+\.woff)\)/g)].map((m) => m[1]!);
  await _copyFiles(jp, join(modules, "@fontsource/noto-sans-jp"), ["package.json", "LICENSE", "400.css", ...files]);
}

async function _copyFiles(from: string, to: string, files: string[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(to, file)), { recursive: true });
    await cp(join(from, file), join(to, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT" || file !== "LICENSE") throw error;
    });
  }
}

function _pkgDir(name: string): string {
  return dirname(_require.resolve(`${name}/package.json`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const sizes = await buildProduction();
  const list = Object.entries(sizes).filter(([f]) => /\/(index|simulator)\.mjs$/.test(f));
  const kb = list.map(([f, b]) => `${f.replace(/^.*dist\//, "dist/")} ${(b / 1024).toFixed(0)} KiB`);
  process.stdout.write(`[build] ${kb.join(", ")} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
