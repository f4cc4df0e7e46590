import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // A browser start on 2 shared cores can take seconds: waits are generous, never speed assertions.
    testTimeout: 60_000,
  },
});
