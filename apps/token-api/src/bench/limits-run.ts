import { mkdirSync, writeFileSync } from "node:fs";
import { runLimitBenchmarks } from "./limits-bench.js";

/** The rate-limit benchmarks alone: `node dist/bench/limits-run.js` (the full set is `npm run bench`). */
runLimitBenchmarks()
  .then((report) => {
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/limits.json", JSON.stringify(report, null, 2));
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
