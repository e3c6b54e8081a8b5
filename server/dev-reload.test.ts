// `npm run dev`'s reload logic with real demo runtimes (simulator included): back-to-back reloads
// leave exactly one runtime, the simulator keeps its port, and widgets/ changes rebuild the bundle.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "./_test/harness-fs.ts";
import { loadConfig } from "./config.ts";
import { reloadDev, watchWidgets, type DevSlot } from "./dev-reload.ts";
import { createRuntime, type Runtime } from "./runtime.ts";

describe("reloadDev", () => {
  const created: Runtime[] = [];
  const closed = new Set<Runtime>();
  const slot: DevSlot = {};
  afterAll(async () => {
    await Promise.all(created.map((r) => r.close()));
  });

  async function _create(simulatorPort: number | undefined): Promise<Runtime> {
    const config = loadConfig({ STORAGE: "memory" }, { dotenv: false });
    const runtime = await createRuntime(config, { log: () => {}, fastIdentify: true, simulatorPort });
    created.push(runtime);
    const close = runtime.close;
    runtime.close = () => (closed.add(runtime), close());
    return runtime;
  }

  it("two reloads back to back leave one runtime running, on the same simulator port", async () => {
    const first = await reloadDev(slot, _create);
    const port = new URL(first.simulator!.url).port;
    // A delete and a create of one file: two reloads before the first is done.
    const [a, b] = await Promise.all([reloadDev(slot, _create), reloadDev(slot, _create)]);
    expect(created).toHaveLength(3);
    expect(created.filter((r) => !closed.has(r))).toEqual([b]);
    expect(closed.has(a)).toBe(true);
    expect(new URL(b.simulator!.url).port).toBe(port);
    // The one left is live and alone: its simulator saw one login, no client of a closed runtime
    // (discord.js stopped mid-login reconnects to whatever listens on the kept port).
    await b.source.ready();
    const res = await fetch(`${b.simulator!.url}/_sim/state?limit=1`);
    expect(res.status).toBe(200);
    expect(b.simulator!.stats.identifies).toBe(1);
  });
});

describe("watchWidgets", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("rebuilds when a widget source changes, not for tests", async () => {
    const builds: string[] = [];
    let built!: () => void;
    const next = new Promise<void>((resolve) => (built = resolve));
    const stop = await watchWidgets(dir.path, async () => {
      builds.push("build");
      built();
    });
    try {
      writeFileSync(join(dir.path, "x.test.ts"), "// a test");
      writeFileSync(join(dir.path, "presence-card.ts"), "export {};");
      await next;
      expect(builds).toEqual(["build"]);
    } finally {
      await stop();
    }
  });
});
