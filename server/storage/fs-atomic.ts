import { promises as fsp } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { defineDriver } from "unstorage";
import fsLiteDriver from "unstorage/drivers/fs-lite";

/** Options of {@link fsAtomicDriver}. */
export interface FsAtomicOptions {
  /** Directory that holds one file per key (`users:1` → `<base>/users/1`). */
  base: string;
  /**
   * Flushes an open file or directory to the disk; tests inject a failing one.
   * @default (handle) => handle.sync()
   */
  sync?: (handle: FileHandle, kind: "file" | "directory") => Promise<void>;
}

/**
 * unstorage's `fs-lite` driver with crash-safe, durable writes: a value is written to a temporary
 * file beside its target, fsynced, renamed over it, and the directory is fsynced, so a write that
 * resolved survives a crash or a power loss, and a reader (or a restart) sees either the old
 * value or the new one, never a truncated file. fs-lite writes in place, and a record read while
 * another write to it is in flight comes back cut short.
 * @example
 * createStorage({ driver: fsAtomicDriver({ base: "./.data" }) });
 * @see README.md#kv-and-api-keys
 */
export const fsAtomicDriver = defineDriver((options: FsAtomicOptions) => {
  const lite = fsLiteDriver({ base: options.base, ignore: _isTemporary });
  const root = lite.options!.base as string;
  const sync = options.sync ?? ((handle: FileHandle) => handle.sync());

  return {
    ...lite,
    name: "fs-atomic",
    options,
    setItem: (key: string, value: string) => _writeAtomic([[_path(root, key), value]], sync),
    setItemRaw: (key: string, value: unknown) =>
      _writeAtomic([[_path(root, key), value as Uint8Array]], sync),
    // A batch (the hub's write-behind) syncs each directory once, not once per file.
    setItems: (items: Array<{ key: string; value: string }>) =>
      _writeAtomic(items.map(({ key, value }) => [_path(root, key), value]), sync),
  };
});

/**
 * Removes the temporary files a crash left between write and rename (`.<name>.<pid>.<n>.pk-tmp`),
 * anywhere under `base`. Run at start, before anything writes. Resolves with how many it removed.
 * @example
 * await removeTemporaryFiles("./.data");
 */
export async function removeTemporaryFiles(base: string): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(base, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const leftovers = names.filter(_isTemporary);
  await Promise.all(leftovers.map((name) => fsp.rm(join(base, name), { force: true })));
  return leftovers.length;
}

// --- internal ---

type _Sync = NonNullable<FsAtomicOptions["sync"]>;

const TEMP_SUFFIX = ".pk-tmp";
const TRAVERSAL = /\.\.:|\.\.$/;
let _sequence = 0;

function _path(root: string, key: string): string {
  if (TRAVERSAL.test(key)) throw new Error(`[unstorage] [fs-atomic] Invalid key: ${JSON.stringify(key)}`);
  return join(root, key.replace(/:/g, "/"));
}

/** Replaces every file of `writes`, then syncs their directories: resolves once all are durable. */
async function _writeAtomic(writes: Array<[string, string | Uint8Array]>, sync: _Sync) {
  const results = await Promise.allSettled(writes.map(([path, data]) => _replace(path, data, sync)));
  // The renames live in the directories: synced too (also after a partial failure, for the files
  // that were replaced), or an acknowledged write may vanish.
  const directories = new Set(writes.map(([path]) => dirname(path)));
  const synced = await Promise.allSettled(
    [...directories].map((d) => _withHandle(d, "r", (dir) => sync(dir, "directory"))),
  );
  const failed = [...results, ...synced].find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

async function _replace(path: string, data: string | Uint8Array, sync: _Sync) {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${++_sequence}${TEMP_SUFFIX}`);
  await fsp.mkdir(directory, { recursive: true });
  try {
    // The data must be on disk before the rename: otherwise a power loss may keep the rename but
    // not the data, leaving an empty file where the old value was.
    await _withHandle(temporary, "w", async (file) => (await file.writeFile(data), await sync(file, "file")));
    await fsp.rename(temporary, path);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
}

async function _withHandle(path: string, flags: string, use: (handle: FileHandle) => Promise<unknown>) {
  const handle = await fsp.open(path, flags);
  try {
    await use(handle);
  } finally {
    await handle.close();
  }
}

// Leftovers of a crash between write and rename are never listed as keys.
function _isTemporary(path: string): boolean {
  return path.endsWith(TEMP_SUFFIX);
}
