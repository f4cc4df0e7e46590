// `npm run build`: the task pane bundle (esbuild, the token client from source), functions.json
// (custom-functions-metadata from the functions' JSDoc), the manifest for ADDIN_ORIGIN, icons,
// and the HTTPS file server for Node.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ICON_SIZES, iconPng } from "./icons.mjs";
import { generateFunctionsJson } from "./functions-json.mjs";
import { renderManifest } from "./manifest.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

await build({
  entryPoints: [join(root, "src/taskpane/main.ts")],
  outfile: join(dist, "taskpane.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  // Excel's webviews: WebView2 (Windows), WKWebView (Mac), current browsers (web).
  target: ["es2020", "safari15"],
  // The token client's "source" export: bundle it from its TypeScript (DEVELOPING.md).
  conditions: ["source"],
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  define: { __LAYER_API_URL__: JSON.stringify(process.env.LAYER_API_URL ?? "") },
  logLevel: "warning",
});

for (const file of ["taskpane.html", "taskpane.css"]) copyFileSync(join(root, "src/taskpane", file), join(dist, file));
for (const size of ICON_SIZES) writeFileSync(join(dist, "assets", `icon-${size}.png`), iconPng(size));
writeFileSync(join(dist, "functions.json"), await generateFunctionsJson(join(root, "src/functions/functions.ts")));
const origin = process.env.ADDIN_ORIGIN ?? `https://localhost:${process.env.ADDIN_PORT ?? 3000}`;
writeFileSync(
  join(dist, "manifest.xml"),
  renderManifest(readFileSync(join(root, "manifest/manifest.template.xml"), "utf8"), origin),
);

// The file server runs under Node: transpile it file by file, dependencies stay external.
await build({
  entryPoints: ["addin-server.ts", "certificates.ts", "main.ts"].map((f) => join(root, "src/server", f)),
  outdir: join(dist, "server"),
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});

console.log(`built dist/ for ${origin}`);
