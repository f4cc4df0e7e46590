// `npm test`: the formatter and linter, typecheck and every workspace's tests through turbo,
// then one summed closing line.
// Runs every task even when one fails (--continue) so the summary counts the whole suite.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// A report left from an earlier run must not count for this one.
for (const parent of ["packages", "apps", "connectors", "."]) {
  const dirs = parent === "." ? ["test"] : readdirSync(join(root, parent)).map((d) => join(parent, d));
  for (const d of dirs) {
    const results = join(root, d, "test-results");
    if (existsSync(results)) rmSync(results, { recursive: true, force: true });
  }
}

// One formatter and one linter for the whole repository (biome.json): a file that is not formatted
// or breaks a lint rule fails the run, but the tests still run so the summary counts everything.
const style = spawnSync("npx", ["biome", "ci", ".", "--reporter=summary"], { cwd: root, stdio: "inherit" });
if (style.status !== 0)
  console.log("biome: formatting or lint problems above (`npx biome check --write .` fixes most)");

const turbo = spawnSync(
  "npx",
  ["turbo", "run", "typecheck", "test", "--continue", "--concurrency=1", "--output-logs=new-only"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
const summary = spawnSync(process.execPath, [join(root, "scripts", "test-summary.mjs")], {
  cwd: root,
  stdio: "inherit",
});
process.exit(turbo.status !== 0 ? turbo.status || 1 : style.status !== 0 ? 1 : (summary.status ?? 1));
