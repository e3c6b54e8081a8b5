// keepTickShapes in a child Node process with V8's natives syntax: rounds of ticks, each followed
// by full garbage collections while no tick is alive, then nextTick's own inline-cache states.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../_test/harness-fs.ts";
import { keepTickShapes } from "./tick-shapes.ts";

const MODULE = fileURLToPath(new URL("./tick-shapes.ts", import.meta.url));

describe("keepTickShapes", () => {
  it("keeps nextTick's key definitions monomorphic through collections with no tick alive", async () => {
    const without = await _defineStates(false);
    const kept = await _defineStates(true);
    // nextTick's literal has at least [async_id], [trigger_async_id], callback, args.
    expect(without.length).toBeGreaterThanOrEqual(4);
    // Without it the same rounds make them megamorphic (else this test would prove nothing).
    expect(without).toContain("MEGAMORPHIC");
    expect(kept.length).toBe(without.length);
    expect(kept).not.toContain("MEGAMORPHIC");
  }, 30_000);

  it("keeps one tick object per argument count, once per process", () => {
    expect(keepTickShapes()).toBe(5);
    expect(keepTickShapes()).toBe(5);
  });
});

// --- internal ---

/** The states of `process.nextTick`'s `DefineKeyedOwnPropertyInLiteral` feedback slots. */
async function _defineStates(keep: boolean): Promise<string[]> {
  const script = `
    ${keep ? `const { keepTickShapes } = await import(${JSON.stringify(MODULE)}); keepTickShapes();` : ""}
    const noop = () => {};
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 200; i++) process.nextTick(noop, i);
      for (let i = 0; i < 200; i++) process.nextTick(noop);
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      gc();
    }
    new Function("f", "%DebugPrint(f)")(process.nextTick);
  `;
  // Bytecode flushing would drop the feedback read here, not the maps this is about.
  const flags = ["--allow-natives-syntax", "--expose-gc", "--no-flush-bytecode"];
  const args = [...flags, "--import", "tsx", "--input-type=module", "-e", script];
  // V8 prints with C stdio, which drops what a non-blocking pipe does not take at exit: a file.
  const out = tempDir();
  try {
    const file = join(out.path, "debug-print.txt");
    const fd = openSync(file, "w");
    try {
      const child = spawn(process.execPath, args, { stdio: ["ignore", fd, "inherit"] });
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      closeSync(fd);
    }
    return [...readFileSync(file, "utf8").matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((m) => m[1]!);
  } finally {
    out.remove();
  }
}
