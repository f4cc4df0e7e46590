import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machine has 2 shared cores; PGlite and bcrypt are CPU-bound.
    maxWorkers: 2,
  },
});
