// The program look-up the browser and redis tests rely on: override, PATH, one clear error.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./harness-fs.ts";
import { findProgram, kChromium, kRedisServer } from "./programs.ts";

const dir = tempDir();
afterAll(() => dir.remove());

function _fakeExecutable(name: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

describe.skipIf(process.platform === "win32")("findProgram", () => {
  it("an environment override wins over PATH", () => {
    const fake = _fakeExecutable("my-redis");
    expect(findProgram(kRedisServer, { REDIS_SERVER: fake, PATH: "/usr/bin" })).toBe(fake);
  });

  it("an override that is not an executable file is an error naming the variable", () => {
    const env = { CHROMIUM_PATH: join(dir.path, "missing"), PATH: "" };
    expect(() => findProgram(kChromium, env)).toThrow(/Chromium: CHROMIUM_PATH=.*missing is not an executable/);
  });

  it("looks the usual names up on PATH", () => {
    const fake = _fakeExecutable("chromium-browser");
    expect(findProgram(kChromium, { PATH: `/nonexistent:${dir.path}` })).toBe(fake);
  });

  it("neither found: one message naming the program and the variable", () => {
    expect(() => findProgram(kRedisServer, { PATH: "/nonexistent" })).toThrow(
      "redis-server not found: set REDIS_SERVER to its path, or put one of redis-server on PATH",
    );
  });

  it("a non-executable file on PATH is skipped", () => {
    writeFileSync(join(dir.path, "redis-server"), "not executable");
    expect(() => findProgram(kRedisServer, { PATH: dir.path })).toThrow(/redis-server not found/);
  });
});
