// `npm run build`: the task pane bundle (esbuild, the token client from source), functions.json
// (custom-functions-metadata from the functions' JSDoc), icons, the HTTPS file server for Node
// (which renders the manifest for its own origin when served), and dist/manifest.xml for
// sideloading tools (ADDIN_ORIGIN or ADDIN_PORT, ADDIN_SUPPORT_URL). Every variable this build
// reads is declared in this package's turbo.json, so changing one rebuilds.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ICON_SIZES, iconPng } from "./icons.mjs";
import { generateFunctionsJson } from "./functions-json.mjs";

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

for (const file of ["taskpane.html", "taskpane.css", "support.html"])
  copyFileSync(join(root, "src/taskpane", file), join(dist, file));
for (const size of ICON_SIZES) writeFileSync(join(dist, "assets", `icon-${size}.png`), iconPng(size));
writeFileSync(join(dist, "functions.json"), await generateFunctionsJson(join(root, "src/functions/functions.ts")));

// The file server runs under Node: transpile it file by file, dependencies stay external.
await build({
  entryPoints: ["addin-server.ts", "certificates.ts", "main.ts", "manifest.ts"].map((f) => join(root, "src/server", f)),
  outdir: join(dist, "server"),
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});

// The template for the server, and a manifest rendered now for tools that read a file.
const template = readFileSync(join(root, "manifest/manifest.template.xml"), "utf8");
writeFileSync(join(dist, "manifest.template.xml"), template);
const { addinOrigin, renderManifest } = await import(pathToFileURL(join(dist, "server/manifest.js")).href);
const origin = addinOrigin(process.env);
writeFileSync(
  join(dist, "manifest.xml"),
  renderManifest(template, { origin, supportUrl: process.env.ADDIN_SUPPORT_URL || undefined }),
);
console.log(`built dist/; dist/manifest.xml names ${origin} (the server renders /manifest.xml for its own origin)`);
