// The account page's script: its typed source (src/account/page/, one module per concern) bundled
// by esbuild into dist/account-page/account.js, which the API serves as /account/assets/account.js.
// `npm run build` runs it, and the test setup too, so the browser tests never see a stale bundle.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function buildAccountPage() {
  await build({
    entryPoints: [join(root, "src/account/page/main.ts")],
    outfile: join(root, "dist/account-page/account.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    // The browsers the account page supports: current Chromium, Firefox and Safari.
    target: ["es2022", "safari15"],
    minify: true,
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
  });
}

/** Vitest's global setup (vitest.config.ts). */
export default buildAccountPage;

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAccountPage();
