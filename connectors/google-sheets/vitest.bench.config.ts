import { defineConfig } from "vitest/config";

// `npm run bench`: one long scenario run as a vitest file so it can reuse the vm and live-API
// helpers from source; it prints its figures and writes bench-results/import.json.
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ["verbose"],
  },
});
