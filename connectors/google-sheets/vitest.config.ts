import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each live-API file starts a token API (PGlite) in a child process: one file at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The sidebar's answers cross a real HTTP round trip: be patient on a loaded 2-core machine.
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
