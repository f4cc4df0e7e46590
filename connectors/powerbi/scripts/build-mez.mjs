// Packages the custom connector: Layer.pq, resources.resx and the icons zipped as dist/Layer.mez,
// the layout the Power Query SDK produces. LAYER_API_URL, when set, replaces the base URL literal
// (it must stay a literal: the Power BI service refreshes only static data source URLs).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { ICON_SIZES, iconPng } from "./icons.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BASE_URL_LINE = /^BaseUrl = "[^"]*";$/m;

export function connectorSource(apiUrl) {
  const source = readFileSync(join(root, "connector", "Layer.pq"), "utf8");
  if (!apiUrl) return source;
  const url = new URL(apiUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("LAYER_API_URL must be an http(s) URL");
  if (url.search || url.hash || url.username || url.password) throw new Error("LAYER_API_URL must be a plain base URL");
  const base = url.href.endsWith("/") ? url.href : `${url.href}/`;
  if (!BASE_URL_LINE.test(source)) throw new Error("Layer.pq has no BaseUrl literal to replace");
  return source.replace(BASE_URL_LINE, `BaseUrl = "${base.replaceAll('"', '""')}";`);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="pq" ContentType="application/x-ms-m" /><Default Extension="resx" ContentType="application/xml" /><Default Extension="png" ContentType="image/png" /></Types>`;

export function mezEntries(apiUrl) {
  const entries = {
    "[Content_Types].xml": Buffer.from(CONTENT_TYPES, "utf8"),
    "Layer.pq": Buffer.from(connectorSource(apiUrl), "utf8"),
    "resources.resx": readFileSync(join(root, "connector", "resources.resx")),
  };
  for (const size of ICON_SIZES) entries[`Layer${size}.png`] = iconPng(size);
  return entries;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries = mezEntries(process.env.LAYER_API_URL);
  // A fixed timestamp keeps the archive byte-for-byte reproducible.
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([name, data]) => [
        name,
        [new Uint8Array(data), { mtime: new Date("2026-01-01T00:00:00Z") }],
      ]),
    ),
    { level: 9 },
  );
  mkdirSync(join(root, "dist"), { recursive: true });
  writeFileSync(join(root, "dist", "Layer.mez"), zip);
  console.log(`dist/Layer.mez: ${Object.keys(entries).length} files, ${zip.length} bytes`);
}
