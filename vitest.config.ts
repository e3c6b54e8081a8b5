import { configDefaults, defineConfig } from "vitest/config";

const files = ["server/**/*.test.ts", "widgets/**/*.test.ts", "bench/**/*.test.ts", "playground/**/*.test.ts"];
// Starting containers adds and removes network interfaces on the host, and Chromium fails its
// requests in flight when it sees the host's network change (net::ERR_NETWORK_CHANGED): the
// container tests run after every other file, never beside a browser test.
const containers = ["server/container.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Real sockets and child processes: keep files isolated, but do not oversubscribe 2 cores.
    pool: "forks",
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "presence-kit", include: files, exclude: [...configDefaults.exclude, ...containers], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "containers", include: containers, sequence: { groupOrder: 1 } } },
    ],
  },
});
