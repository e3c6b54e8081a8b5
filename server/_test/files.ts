// Listing what a test's fs storage holds.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Files under `root` whose path or content contains `text` (e.g. a user id that must be gone). */
export function filesNaming(root: string, text: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    const path = join(root, name);
    if (statSync(path).isFile() && (name.includes(text) || readFileSync(path, "latin1").includes(text))) out.push(name);
  }
  return out;
}
