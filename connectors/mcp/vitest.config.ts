import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Live token API harnesses (PGlite) start slowly on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
