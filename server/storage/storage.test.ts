import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "../_test/harness-fs.ts";
import { testStorage } from "../_test/storage.ts";
import { createStorage } from "./index.ts";

testStorage("memory", () => {
  const storage = createStorage({ driver: "memory" });
  return { open: () => storage };
}, { persistent: false });

let dir = "";
testStorage("fs", () => {
  const d = tempDir();
  dir = d.path;
  return { open: () => createStorage({ driver: "fs", base: d.path }), cleanup: d.remove };
}, { persistent: true }, ({ open }) => {
  it("writes through a temporary file and leaves none behind", async () => {
    const s = await open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.setItem("users:1", { i })));
    expect(readdirSync(join(dir, "users"))).toEqual(["1"]);
  });

  it("does not list a temporary file left by a crash between write and rename", async () => {
    const s = await open();
    await s.setItem("users:1", { ok: true });
    writeFileSync(join(dir, "users", ".1.999.1.pk-tmp"), "{\"trunc");
    expect(await s.getKeys("users")).toEqual(["users:1"]);
  });

  it("refuses keys that would climb out of the base directory", async () => {
    const s = await open();
    await expect(s.setItem("users:..:..:etc", "x")).rejects.toThrow(/Invalid key/);
  });
});
