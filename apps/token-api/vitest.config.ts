import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The account page's bundle, built from its source before any test serves it.
    globalSetup: ["./scripts/account-page.mjs"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machine has 2 shared cores; PGlite and bcrypt are CPU-bound.
    maxWorkers: 2,
  },
});
