// `npm test`: typecheck and every workspace's tests through turbo, then one summed closing line.
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
process.exit(turbo.status !== 0 ? turbo.status || 1 : (summary.status ?? 1));
