// npm run push: build, then `clasp push` from dist/ (.clasp.json has "rootDir": "dist").
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { build } from "./build.mjs";

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
  console.error("Set LAYER_API_URL to the Layer API's https base URL: Apps Script fetches only https URLs.");
  process.exit(1);
}
await build();
const pushed = spawnSync("npx", ["clasp", "push", "--force"], { stdio: "inherit" });
process.exit(pushed.status ?? 1);
