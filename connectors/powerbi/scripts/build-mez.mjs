// Packages the custom connector: Layer.pq, resources.resx and the icons zipped as dist/Layer.mez,
// the layout the Power Query SDK produces. LAYER_API_URL, when set, replaces the base URL literal
// (it must stay a literal: the Power BI service refreshes only static data source URLs). A plain
// http:// URL is refused unless it is this machine's loopback or LAYER_ALLOW_HTTP=1 asks for it:
// the connector sends the token with every request.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { ICON_SIZES, iconPng } from "./icons.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BASE_URL_LINE = /^BaseUrl = "[^"]*";$/m;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function connectorSource(apiUrl, { allowHttp = false } = {}) {
  const source = readFileSync(join(root, "connector", "Layer.pq"), "utf8");
  if (!apiUrl) return source;
  let url;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`LAYER_API_URL is not a URL: ${JSON.stringify(apiUrl)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("LAYER_API_URL must be an http(s) URL");
  if (url.search || url.hash || url.username || url.password) throw new Error("LAYER_API_URL must be a plain base URL");
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname) && !allowHttp) {
    throw new Error(
      `Refusing to build Layer.mez for ${url.origin}: it is plain HTTP, and the connector sends the Layer token ` +
        "(X-Api-Key) with every request, readable by anyone on the network between Power BI (or the gateway) " +
        "and the API. Build for the API's https:// address instead. Only on a closed test network, build it " +
        "anyway with LAYER_ALLOW_HTTP=1.",
    );
  }
  const base = url.href.endsWith("/") ? url.href : `${url.href}/`;
  if (!BASE_URL_LINE.test(source)) throw new Error("Layer.pq has no BaseUrl literal to replace");
  return source.replace(BASE_URL_LINE, `BaseUrl = "${base.replaceAll('"', '""')}";`);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="pq" ContentType="application/x-ms-m" /><Default Extension="resx" ContentType="application/xml" /><Default Extension="png" ContentType="image/png" /></Types>`;

export function mezEntries(apiUrl, options) {
  const entries = {
    "[Content_Types].xml": Buffer.from(CONTENT_TYPES, "utf8"),
    "Layer.pq": Buffer.from(connectorSource(apiUrl, options), "utf8"),
    "resources.resx": readFileSync(join(root, "connector", "resources.resx")),
  };
  for (const size of ICON_SIZES) entries[`Layer${size}.png`] = iconPng(size);
  return entries;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let entries;
  try {
    entries = mezEntries(process.env.LAYER_API_URL, { allowHttp: process.env.LAYER_ALLOW_HTTP === "1" });
  } catch (error) {
    console.error(`build-mez: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
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
  const base = /^BaseUrl = "([^"]*)";$/m.exec(entries["Layer.pq"].toString("utf8"))?.[1];
  console.log(`dist/Layer.mez: ${Object.keys(entries).length} files, ${zip.length} bytes, reading ${base}`);
  if (base && new URL(base).protocol === "http:" && LOOPBACK_HOSTS.has(new URL(base).hostname)) {
    // The default: on a gateway machine or in the service, loopback is that machine, not the API.
    console.log(
      "build-mez: this Layer.mez reads the API on this machine's loopback, for Power BI Desktop here only; set LAYER_API_URL=https://… for any other machine or a gateway.",
    );
  }
}
