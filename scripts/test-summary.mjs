// Sums every workspace's vitest JSON report into the one closing line CI reads:
// "N passed, N failed" (`.ci/run` ends on it, summed over the workspace).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const dirs = workspaces.flatMap((pattern) =>
  pattern.endsWith("/*")
    ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(pattern.slice(0, -2), d.name))
    : [pattern],
);

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const dir of dirs.sort()) {
  const pkg = join(root, dir, "package.json");
  if (!existsSync(pkg)) continue;
  if (!JSON.parse(readFileSync(pkg, "utf8")).scripts?.test) continue;
  const report = join(root, dir, "test-results", "vitest.json");
  if (!existsSync(report)) {
    missing += 1;
    console.log(`${dir}: no test report (its tests did not run)`);
    continue;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  const s = r.numPendingTests + (r.numTodoTests ?? 0);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += s;
  console.log(`${dir}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${s} skipped`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || missing > 0 ? 1 : 0);
