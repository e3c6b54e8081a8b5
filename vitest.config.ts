import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "widgets/**/*.test.ts", "bench/**/*.test.ts", "playground/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Real sockets and child processes: keep files isolated, but do not oversubscribe 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
