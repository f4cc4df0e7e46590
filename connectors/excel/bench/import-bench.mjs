// `npm run bench -w connectors/excel`: import 250,000 orders x 8 columns (BENCH_ROWS) through the
// BUILT task pane (headless Chromium, the enforcing stand-in office.js) from a live token API on
// another origin, against the baseline of the same run: the same rows paged straight from the API
// in Node, as the pane pages them. Also the largest request the writer sends for wider tables
// (30 and 60 text columns of 20 characters, 3 million cells each, run in Node with the same
// stand-in), each against Excel on the web's 5 MB request limit.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startTokenApi } from "@layer/token-api/testing";
import { createClient } from "@layer/token-client";
import { build } from "esbuild";
import { startAddinServer } from "../dist/server/addin-server.js";
import { loadOfficeStandIn } from "../testing/office-stand-in-node.mjs";
import { connectToken, importTable, launchBrowser, openTaskpane, standIn } from "../testing/taskpane-driver.mjs";

const ROWS = Number(process.env.BENCH_ROWS ?? 250_000);
const WEB_REQUEST_LIMIT = 5_000_000;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The writer, bundled from source for Node (the pane's bundle does not export it). */
async function loadWriter() {
  const out = await build({
    entryPoints: [join(root, "src/workbook/table-writer.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "warning",
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`;
  return import(url);
}

/** Largest request for `width` text columns of 20 characters, 3 million cells in all. */
async function wideTable(writeTable, width) {
  const rows = Math.floor(3_000_000 / width);
  const columns = Array.from({ length: width }, (_, i) => ({ name: `text_${i + 1}`, type: "string" }));
  const data = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: width }, (_, c) => `r${r}c${c}`.padEnd(20, "x").slice(0, 20)),
  );
  const excel = loadOfficeStandIn();
  await excel.run((context) =>
    writeTable(context, { sheetName: "Wide", startCell: "A1", tableName: "Layer_wide", columns, rows: data }),
  );
  const requests = excel.standIn.requests();
  return {
    columns: width,
    rows,
    requests: requests.length,
    largestRequestBytes: Math.max(...requests.map((r) => r.bytes)),
  };
}

const server = await startAddinServer({ port: 0, certDir: null });
const api = await startTokenApi({ ordersRows: ROWS, corsOrigins: [server.origin] });
const browser = await launchBrowser();
let result;
try {
  const { token, keyId } = await api.operator.createToken({
    email: "ada@example.com",
    name: "Excel - Bench",
    expires: "90d",
  });
  const { page } = await openTaskpane(browser, { url: server.url, apiUrl: api.url });
  const connected = await connectToken(page, token);
  if (connected.tone !== "ok") throw new Error(`connect failed: ${connected.text}`);
  await page.waitForSelector('#project option[value="prj_acme_tower"]', { state: "attached" });
  await page.selectOption("#project", "prj_acme_tower");
  await page.waitForSelector('#table option[value="tbl_orders"]', { state: "attached" });

  const requestsBefore = api.requestCount(keyId);
  const syncsBefore = await standIn(page).syncs();
  const started = performance.now();
  const outcome = await importTable(page, { project: "prj_acme_tower", table: "tbl_orders", timeoutMs: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  const importRequests = api.requestCount(keyId) - requestsBefore;
  if (outcome.tone !== "ok") throw new Error(`import failed: ${outcome.text}`);
  const [table] = await standIn(page).tables();
  const syncLog = (await standIn(page).syncLog()).slice(syncsBefore);
  const failed = syncLog.filter((s) => s.error);
  if (failed.length > 0) throw new Error(`Excel refused ${failed.length} request(s): ${failed[0].error}`);

  // The baseline: the same rows paged straight from the API in Node, as the pane pages them.
  const directStarted = performance.now();
  let directRows = 0;
  for await (const p of createClient({ baseUrl: api.url, token }).pages({
    projectId: "prj_acme_tower",
    tableId: "tbl_orders",
    limit: 10_000,
  }))
    directRows += p.rows.length;
  const directSeconds = (performance.now() - directStarted) / 1000;

  const { writeTable } = await loadWriter();
  const wide = [await wideTable(writeTable, 30), await wideTable(writeTable, 60)];

  const bundle = readFileSync(join(root, "dist/taskpane.js"));
  result = {
    rows: table.rows,
    columns: table.columns,
    // getTable + the row pages (the form's own listTables/getTable calls happen before the clock starts)
    requests: importRequests,
    contextSyncs: syncLog.length,
    largestSyncCells: Math.max(...syncLog.map((s) => s.cells)),
    largestRequestBytes: Math.max(...syncLog.map((s) => s.bytes)),
    webRequestLimitBytes: WEB_REQUEST_LIMIT,
    wide,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(table.rows / seconds),
    directRowsPerSecond: Math.round(directRows / directSeconds),
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle).length,
  };
} finally {
  await browser.close();
  await api.close();
  await server.close();
}

const n = (v) => v.toLocaleString("en-US");
const mb = (bytes) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const ratio = (a, b, digits = 2) => (a / b).toFixed(digits);
console.log(`Excel import bench: ${n(result.rows)} rows x ${result.columns} columns through the task pane`);
console.log(`  API requests        ${result.requests}`);
console.log(`  context.sync()      ${result.contextSyncs} (largest: ${n(result.largestSyncCells)} cells)`);
console.log(
  `  largest request     ${mb(result.largestRequestBytes)} (${ratio(result.largestRequestBytes, WEB_REQUEST_LIMIT, 3)} of Excel on the web's 5 MB)`,
);
for (const w of result.wide) {
  console.log(
    `  ${w.columns} text columns     ${n(w.rows)} rows, ${w.requests} requests, largest ${mb(w.largestRequestBytes)} (${ratio(w.largestRequestBytes, WEB_REQUEST_LIMIT, 3)} of 5 MB)`,
  );
}
console.log(`  time                ${result.seconds} s`);
console.log(
  `  rows/s              ${n(result.rowsPerSecond)} (direct API paging in Node: ${n(result.directRowsPerSecond)}, ratio ${ratio(result.rowsPerSecond, result.directRowsPerSecond)})`,
);
console.log(
  `  bundle taskpane.js  ${(result.bundleBytes / 1024).toFixed(1)} KiB (${(result.bundleGzipBytes / 1024).toFixed(1)} KiB gzip)`,
);

const fig = (figure, value, unit, baseline, baselineValue, target) => ({
  figure,
  value,
  unit,
  baseline,
  baselineValue,
  ratio: baselineValue ? Number((value / baselineValue).toFixed(3)) : null,
  target,
});
const summary = {
  package: "@layer/excel",
  figures: [
    fig(
      `task pane import, ${n(result.rows)} rows × ${result.columns}`,
      result.rowsPerSecond,
      "rows/s",
      "direct API paging, same rows",
      result.directRowsPerSecond,
      "≥ 0.55",
    ),
    fig(
      `largest request, ${n(result.rows)} rows × ${result.columns}`,
      result.largestRequestBytes,
      "bytes",
      "Excel on the web's request limit (5 MB)",
      WEB_REQUEST_LIMIT,
      "≤ 0.8",
    ),
    ...result.wide.map((w) =>
      fig(
        `largest request, ${n(w.rows)} rows × ${w.columns} text columns`,
        w.largestRequestBytes,
        "bytes",
        "Excel on the web's request limit (5 MB)",
        WEB_REQUEST_LIMIT,
        "≤ 0.8",
      ),
    ),
  ],
};
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(join(root, "bench-results/import.json"), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(root, "bench-results/summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
