import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["scenarios/**/*.test.ts", "repository/**/*.test.ts"],
    // Each file starts a live token API (PGlite seeding), and some a browser or the proxy, on a
    // 2-core machine shared with other jobs: generous waits, one file at a time.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
