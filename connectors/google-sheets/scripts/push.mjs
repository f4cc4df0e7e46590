// npm run push: build, then `clasp push` from dist/ (.clasp.json has "rootDir": "dist").
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { build, buildTarget, TEST_BUILD_MARK } from "./build.mjs";
import { whitelistProblem } from "./manifest.mjs";

if (!existsSync(".clasp.json")) {
  console.error(
    'No .clasp.json here. Once: npx clasp login, then npx clasp create --type sheets --title "Layer" --rootDir dist (see README.md).',
  );
  process.exit(1);
}
const clasp = JSON.parse(readFileSync(".clasp.json", "utf8"));
if (
  !String(clasp.rootDir ?? "")
    .replace(/\/$/, "")
    .endsWith("dist")
) {
  console.error('.clasp.json must have "rootDir": "dist" so that only the built files are pushed.');
  process.exit(1);
}
if (!(process.env.LAYER_API_URL ?? "").startsWith("https://")) {
  console.error(
    "Set LAYER_API_URL to the Layer API's public https base URL: Apps Script runs on Google's servers and fetches only https URLs (README.md, first section).",
  );
  process.exit(1);
}
await build({ target: buildTarget() });
// What clasp is about to send: never a test build, never a whitelist Apps Script would reject.
const code = readFileSync("dist/Code.js", "utf8");
const pushed = JSON.parse(readFileSync("dist/appsscript.json", "utf8"));
const problems = [
  ...(code.startsWith(TEST_BUILD_MARK) ? ["dist/ holds a test build"] : []),
  ...(pushed.urlFetchWhitelist ?? ["(no urlFetchWhitelist)"]).map((e) => whitelistProblem(e)).filter(Boolean),
];
if (problems.length > 0) {
  console.error(`Not pushing: ${problems.join("; ")}.`);
  process.exit(1);
}
const clasped = spawnSync("npx", ["clasp", "push", "--force"], { stdio: "inherit" });
process.exit(clasped.status ?? 1);
