// The Dockerfile and compose.yaml as a self-hoster runs them, with podman: the image builds, stays
// small, runs as a non-root user, answers its probes, and stops cleanly on SIGTERM with the
// write-behind flushed; the compose stack carries a presence from the gateway container to an SSE
// subscriber on an api container. Skipped only where podman is not installed.
import { chmodSync, chownSync } from "node:fs";
import { createStorage } from "unstorage";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./_test/harness-fs.ts";
import { buildImage, compose, freePort, hasPodman, podman, until200 } from "./_test/podman.ts";
import { sseClients } from "./_test/sse-client.ts";
import { wsClients } from "./_test/ws-client.ts";
import { createSimulator } from "./simulator/index.ts";
import { fsAtomicDriver } from "./storage/fs-atomic.ts";

const IMAGE = `localhost/presence-kit:test-${process.pid}`;
const BASE = "docker.io/library/node:24-bookworm-slim";
const KENJI = "463338282680454615";
/** Each test starts containers: bounded by its own waits (until200's 60 s), not vitest's 20 s. */
const CONTAINER_TEST_MS = 120_000;
const ws = wsClients();
const sse = sseClients();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  ws.closeAll();
  sse.closeAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const title = hasPodman
  ? "container (podman)"
  : "container: SKIPPED, podman and podman-compose are not installed (bash .ci/container-stand-ins.sh)";

describe.skipIf(!hasPodman)(title, () => {
  beforeAll(() => buildImage(IMAGE), 900_000);
  afterAll(() => podman("rmi", "-f", IMAGE).catch(() => {}), 60_000);

  it("is at most 150 MB above node:24-bookworm-slim (an LTS line in support), runs node itself as a non-root user", async () => {
    const [size, base] = await Promise.all([IMAGE, BASE].map((i) => podman("image", "inspect", "--format", "{{.Size}}", i)));
    expect(Number(size) - Number(base!)).toBeLessThanOrEqual(150 * 1024 * 1024);
    const config = JSON.parse(await podman("image", "inspect", "--format", "{{json .Config}}", IMAGE));
    expect(config.User).toBe("presence");
    expect(config.Cmd).toEqual(["node", "dist/server/index.mjs"]);
    expect((await podman("run", "--rm", "--pull=never", IMAGE, "node", "--version")).trim()).toMatch(/^v24\./);
  }, CONTAINER_TEST_MS);

  it("serves /health against a Discord, HEALTHCHECK on /livez, then SIGTERM: 1001 to sockets, write-behind flushed, exit 0 within 10 s", async () => {
    const sim = await createSimulator({ personas: true, script: false });
    cleanups.push(() => sim.close());
    const data = tempDir();
    cleanups.push(() => data.remove());
    // The image's user (uid 10001) owns its volume.
    chownSync(data.path, 10001, 10001);
    chmodSync(data.path, 0o700);
    const port = await freePort();
    const name = `presence-kit-test-${process.pid}`;
    // Host networking: the container reaches the simulator on 127.0.0.1 like the tests do.
    // Lanyard's BOT_TOKEN name, as its self-hosting guide passes it.
    const env = { PORT: `${port}`, BOT_TOKEN: "test.bot.token", DISCORD_API_URL: sim.apiUrl, DISCORD_CDN_URL: sim.cdnUrl };
    const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    await podman("run", "-d", "--name", name, "--network=host", "-v", `${data.path}:/app/.data`, ...envArgs, IMAGE);
    cleanups.push(() => podman("rm", "-f", name).catch(() => {}));
    const url = `http://127.0.0.1:${port}`;
    await until200(`${url}/health`);
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    // The image's own HEALTHCHECK command is the liveness probe, and it passes.
    expect(await podman("inspect", "--format", "{{json .Config.Healthcheck.Test}}", name)).toContain("/livez");
    await podman("healthcheck", "run", name);
    // The avatar comes from the CDN through the image's outbound worker (dist/server/outbound-worker.mjs).
    const avatar = await fetch(`${url}/${KENJI}.png`);
    expect([avatar.status, avatar.headers.get("content-type")]).toEqual([200, "image/png"]);

    const socket = await ws.open(`ws://127.0.0.1:${port}/socket`);
    await socket.next();
    socket.send({ op: 2, d: { subscribe_to_id: KENJI } });
    await socket.until((m) => m.t === "INIT_STATE");
    sim.setPresence(KENJI, { status: "dnd", activities: [], client_status: { web: "dnd" } });
    await socket.until((m) => m.t === "PRESENCE_UPDATE" && m.d.discord_status === "dnd");
    // At once: the write-behind has not run yet, so only the shutdown's flush can store it.
    const started = Date.now();
    await podman("stop", "-t", "10", name);
    const stoppedMs = Date.now() - started;
    expect(await socket.closed).toEqual({ code: 1001, reason: "going_away" });
    expect(await podman("inspect", "--format", "{{.State.ExitCode}}", name)).toBe("0");
    expect(stoppedMs).toBeLessThan(10_000);
    expect(await podman("logs", name)).toContain("[presence-kit] SIGTERM: shutting down");
    const storage = createStorage({ driver: fsAtomicDriver({ base: data.path }) });
    const record = (await storage.getItem(`users:${KENJI}`)) as { state: { presence: { status: string } } };
    expect(record.state.presence.status).toBe("dnd");
    await storage.dispose();
  }, CONTAINER_TEST_MS);

  it("compose: a presence ingested by the gateway container reaches an SSE subscriber on an api container; down", async () => {
    const project = `pktest${process.pid}`;
    const [api1, api2, simPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const env = {
      PRESENCE_KIT_IMAGE: IMAGE,
      API_1_PORT: `${api1}`,
      API_2_PORT: `${api2}`,
      SIMULATOR_PORT: `${simPort}`,
      DISCORD_TOKEN: "sim",
      DISCORD_API_URL: "http://simulator:8787/api",
      DISCORD_CDN_URL: "http://simulator:8787/cdn",
    };
    const down = () => compose(["-p", project, "down"], env);
    cleanups.push(async () => {
      await down().catch(() => {});
      await podman("network", "rm", "-f", `${project}_default`).catch(() => {});
    });
    // Naming the services starts the simulator profile too (and not the one-process service).
    await compose(["-p", project, "up", "-d", "redis", "simulator", "gateway", "api-1", "api-2"], env);
    await Promise.all([until200(`http://127.0.0.1:${api1}/health`), until200(`http://127.0.0.1:${api2}/health`)]);

    // Both api containers follow the gateway; each is awaited on its own stream (neither is
    // guaranteed to have applied a change when the other has).
    const streams = await Promise.all([api2, api1].map((port) => sse.open(`http://127.0.0.1:${port}/v1/users/${KENJI}/events`)));
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    await Promise.all(streams.map((s) => s.until((e) => e.event === "init")));
    const body = { user_id: KENJI, status: "idle", activities: [], client_status: { mobile: "idle" } };
    const res = await fetch(`http://127.0.0.1:${simPort}/_sim/presence`, { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const idle = (e: { event: string; json(): any }) => e.event === "presence" && e.json().discord_status === "idle";
    await Promise.all(streams.map((s) => s.until(idle, 20_000)));
    const other = await fetch(`http://127.0.0.1:${api1}/v1/users/${KENJI}`).then((r) => r.json());
    expect(other.data.discord_status).toBe("idle");

    await down();
    expect(await podman("ps", "-a", "--filter", `name=${project}_`, "--format", "{{.Names}}")).toBe("");
  }, CONTAINER_TEST_MS);
});
