import { defineConfig } from "vitest/config";

// Generous: ~6 helpers share 2 cores, and the property and bundle tests are CPU-bound.
export default defineConfig({
  test: { testTimeout: 30_000 },
});
