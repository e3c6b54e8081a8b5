import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../server/_test/harness.ts";
import { buildWidgets, WIDGETS_BUDGET_GZIP } from "./build.ts";

describe("the widget bundle", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("stays within 8 KB minified and gzipped, and imports nothing at run time", async () => {
    const outfile = join(dir.path, "widgets.js");
    const built = await buildWidgets({ outfile });
    const file = readFileSync(outfile);
    // A size budget, not a timing: the file a page downloads, gzipped as a server would.
    expect(gzipSync(file, { level: 9 }).length).toBe(built.gzipBytes);
    expect(built.gzipBytes).toBeLessThanOrEqual(WIDGETS_BUDGET_GZIP);
    expect(file.toString()).not.toMatch(/\bimport\s*[({"'`]|\bfrom\s*["']/);
    for (const tag of ["presence-card", "presence-status", "now-playing"]) expect(file.toString()).toContain(`"${tag}"`);
  });
});
