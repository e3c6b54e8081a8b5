import { promises as fsp } from "node:fs";
import { basename, dirname, join } from "node:path";
import { defineDriver } from "unstorage";
import fsLiteDriver from "unstorage/drivers/fs-lite";

/** Options of {@link fsAtomicDriver}. */
export interface FsAtomicOptions {
  /** Directory that holds one file per key (`users:1` → `<base>/users/1`). */
  base: string;
}

/**
 * unstorage's `fs-lite` driver with crash-safe writes: a value is written to a temporary file
 * beside its target and renamed over it, so a reader (or a restart after a crash) sees either the
 * old value or the new one, never a truncated file. fs-lite writes in place, and a record read
 * while another write to it is in flight comes back cut short.
 * @example
 * createStorage({ driver: fsAtomicDriver({ base: "./.data" }) });
 */
export const fsAtomicDriver = defineDriver((options: FsAtomicOptions) => {
  const lite = fsLiteDriver({ base: options.base, ignore: _isTemporary });
  const root = lite.options!.base as string;

  return {
    ...lite,
    name: "fs-atomic",
    options,
    setItem: (key: string, value: string) => _writeAtomic(_path(root, key), value),
    setItemRaw: (key: string, value: unknown) => _writeAtomic(_path(root, key), value as Uint8Array),
  };
});

// --- internal ---

const TEMP_SUFFIX = ".pk-tmp";
const TRAVERSAL = /\.\.:|\.\.$/;
let _sequence = 0;

function _path(root: string, key: string): string {
  if (TRAVERSAL.test(key)) throw new Error(`[unstorage] [fs-atomic] Invalid key: ${JSON.stringify(key)}`);
  return join(root, key.replace(/:/g, "/"));
}

async function _writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${++_sequence}${TEMP_SUFFIX}`);
  await fsp.mkdir(dirname(path), { recursive: true });
  try {
    await fsp.writeFile(temporary, data);
    await fsp.rename(temporary, path);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
}

// Leftovers of a crash between write and rename are never listed as keys.
function _isTemporary(path: string): boolean {
  return path.endsWith(TEMP_SUFFIX);
}
