// `npm run settings-table`: writes the token API's settings table into README.md from the
// settings schema (apps/token-api/src/config.ts). `--check` only says whether it is up to date
// (the token API's test `settings-table.test.ts` checks the same on every `npm test`).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const readmePath = fileURLToPath(new URL("../README.md", import.meta.url));
const { withSettingsTable } = await import("@layer/token-api");
const readme = readFileSync(readmePath, "utf8");
const updated = withSettingsTable(readme);
if (process.argv.includes("--check")) {
  if (updated !== readme) {
    console.error(
      "README.md's settings table differs from apps/token-api/src/config.ts: run `npm run settings-table`.",
    );
    process.exit(1);
  }
  console.log("README.md's settings table matches the settings schema.");
} else if (updated === readme) {
  console.log("README.md's settings table is up to date.");
} else {
  writeFileSync(readmePath, updated);
  console.log("README.md: settings table regenerated from apps/token-api/src/config.ts.");
}
