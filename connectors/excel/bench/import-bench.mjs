// `npm run bench -w connectors/excel`: import 100,000 rows x 8 columns through the BUILT task pane
// (headless Chromium, stand-in office.js) from a live token API on another origin. Prints the
// API requests, context.sync() calls, rows per second and the bundle's size, and the baseline of
// the same run: the same rows paged straight from the API in Node, as the pane pages them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startTokenApi } from "@layer/token-api/testing";
import { createClient } from "@layer/token-client";
import { startAddinServer } from "../dist/server/addin-server.js";
import { connectToken, importTable, launchBrowser, openTaskpane, standIn } from "../testing/taskpane-driver.mjs";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const server = await startAddinServer({ port: 0, certDir: null });
const api = await startTokenApi({ ordersRows: ROWS, corsOrigins: [server.origin] });
const browser = await launchBrowser();
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
  if (outcome.tone !== "ok") throw new Error(`import failed: ${outcome.text}`);
  const [table] = await standIn(page).tables();
  const syncLog = await standIn(page).syncLog();

  const directStarted = performance.now();
  let directRows = 0;
  for await (const p of createClient({ baseUrl: api.url, token }).pages({
    projectId: "prj_acme_tower",
    tableId: "tbl_orders",
    limit: 10_000,
  }))
    directRows += p.rows.length;
  const directSeconds = (performance.now() - directStarted) / 1000;

  const bundle = readFileSync(join(root, "dist/taskpane.js"));
  const result = {
    rows: table.rows,
    columns: table.columns,
    // getTable + the row pages (the form's own listTables/getTable calls happen before the clock starts)
    requests: api.requestCount(keyId) - requestsBefore,
    contextSyncs: (await standIn(page).syncs()) - syncsBefore,
    largestSyncCells: Math.max(...syncLog.map((s) => s.cells)),
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(table.rows / seconds),
    directRowsPerSecond: Math.round(directRows / directSeconds),
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle).length,
  };
  console.log(
    `Excel import bench: ${result.rows.toLocaleString("en")} rows x ${result.columns} columns through the task pane`,
  );
  console.log(`  API requests        ${result.requests}`);
  console.log(
    `  context.sync()      ${result.contextSyncs} (largest: ${result.largestSyncCells.toLocaleString("en")} cells)`,
  );
  console.log(`  time                ${result.seconds} s`);
  console.log(
    `  rows/s              ${result.rowsPerSecond.toLocaleString("en")} (direct API paging in Node: ${result.directRowsPerSecond.toLocaleString("en")}, ratio ${(result.rowsPerSecond / result.directRowsPerSecond).toFixed(2)})`,
  );
  console.log(
    `  bundle taskpane.js  ${(result.bundleBytes / 1024).toFixed(1)} KiB (${(result.bundleGzipBytes / 1024).toFixed(1)} KiB gzip)`,
  );
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results/import.json"), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  await api.close();
  await server.close();
}
