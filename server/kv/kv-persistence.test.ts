// KV and API keys survive a restart with fs storage: every acknowledged pair is read back.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startStack, tempDir } from "../_test/harness.ts";
import { PERSONAS } from "../simulator/index.ts";

const alice = PERSONAS.moon.id;

describe("KV persistence with fs storage", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("writes 200 pairs, restarts on the same directory and reads all 200 back with the same key", async () => {
    const first = await startStack({ storageDir: dir.path });
    const key = await first.server.keys.issue(alice);
    const put = (i: number) =>
      fetch(`${first.server.url}/v1/users/@me/kv/k${i}`, { method: "PUT", body: `value ${i}`, headers: { authorization: key } });
    // Concurrent writes, each acknowledged only once stored.
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => put(i).then((r) => r.status)));
    expect(statuses.every((s) => s === 204)).toBe(true);
    // Acknowledged means on disk already, not after the graceful close's flush.
    const record = JSON.parse(readFileSync(join(dir.path, "users", alice), "utf8"));
    expect(Object.keys(record.state.kv)).toHaveLength(200);
    await first.close();

    // The key itself is stored nowhere; only its SHA-256.
    const raw = _files(dir.path).map((f) => readFileSync(f, "utf8")).join("\n");
    expect(raw).toContain("value 199");
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(3));

    const second = await startStack({ storageDir: dir.path });
    try {
      const { body } = await second.get(`/v1/users/${alice}`);
      expect(Object.keys(body.data.kv)).toHaveLength(200);
      for (let i = 0; i < 200; i++) expect(body.data.kv[`k${i}`]).toBe(`value ${i}`);
      const me = await fetch(`${second.server.url}/v1/users/@me`, { headers: { authorization: key } });
      expect(me.status).toBe(200);
      const del = await fetch(`${second.server.url}/v1/users/@me/kv/k0`, { method: "DELETE", headers: { authorization: key } });
      expect(del.status).toBe(204);
    } finally {
      await second.close();
    }
  });
});

function _files(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? _files(path) : [path];
  });
}
