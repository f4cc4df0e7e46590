import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startLiveApi, type LiveApi } from "../test/support/live-api.js";
import { CODE_PATH, loadAddon, type VmAddon } from "../test/support/vm-addon.js";

/**
 * Import of 100,000 rows × 8 columns through the built Code.js in node:vm against the live API.
 *
 * Apps Script time model (stated, not measured on Google's side, since there is no Google
 * account here):
 * - each UrlFetchApp call: the server time measured here + URLFETCH_OVERHEAD_MS for Google's
 *   egress, TLS and the call itself;
 * - each setValues: SETVALUES_CALL_MS + SETVALUES_PER_CELL_MS per cell;
 * - the add-on's own JavaScript (JSON parse, cell conversion): measured here × APPS_SCRIPT_SLOWDOWN.
 */
const ROWS = 100_000;
const URLFETCH_OVERHEAD_MS = 600;
const SETVALUES_CALL_MS = 500;
const SETVALUES_PER_CELL_MS = 0.01;
const APPS_SCRIPT_SLOWDOWN = 3;
const LIMIT_MS = 6 * 60_000;

let api: LiveApi;
let addon: VmAddon;

beforeAll(async () => {
  api = await startLiveApi({ ordersRows: ROWS });
  addon = loadAddon({ apiUrl: api.url });
});
afterAll(async () => {
  await addon?.close();
  await api?.close();
});

it("imports 100,000 rows × 8 columns within one Apps Script execution", async () => {
  const { token } = await api.createToken({ email: "ada@example.com", name: "Google Sheets - Bench", expires: "90d" });
  addon.call("connectToken", token);
  const created = addon.call<{ ok: true; value: { id: string } }>("createImport", {
    projectId: "prj_acme_tower",
    projectName: "Acme Tower",
    tableId: "tbl_orders",
    tableName: "Orders",
    fields: [],
    destination: "new-sheet",
  });

  // Time spent inside UrlFetchApp (the server and the local network) vs in the add-on itself.
  const fetch = addon.gas.UrlFetchApp;
  const original = fetch.fetch.bind(fetch);
  let fetchMs = 0;
  fetch.fetch = (url, params) => {
    const t = performance.now();
    try {
      return original(url, params);
    } finally {
      fetchMs += performance.now() - t;
    }
  };
  const fetchesBefore = addon.fetches();
  const setValuesBefore = addon.gas.SpreadsheetApp.spreadsheet.stats.setValuesCalls;
  const started = performance.now();
  addon.call("refreshAllImports");
  const wallMs = performance.now() - started;

  const fetches = addon.fetches() - fetchesBefore;
  const stats = addon.gas.SpreadsheetApp.spreadsheet.stats;
  const setValuesCalls = stats.setValuesCalls - setValuesBefore;
  const sheet = addon.gas.SpreadsheetApp.spreadsheet.getSheetByName("Orders");
  const rows = (sheet?.getLastRow() ?? 1) - 1;
  const addonMs = wallMs - fetchMs;
  const estimateMs =
    fetchMs +
    fetches * URLFETCH_OVERHEAD_MS +
    setValuesCalls * SETVALUES_CALL_MS +
    stats.cellsWritten * SETVALUES_PER_CELL_MS +
    addonMs * APPS_SCRIPT_SLOWDOWN;
  const result = {
    rows,
    columns: 8,
    fetches,
    setValuesCalls,
    cellsWritten: stats.cellsWritten,
    wallSeconds: +(wallMs / 1000).toFixed(2),
    rowsPerSecond: Math.round(rows / (wallMs / 1000)),
    serverAndNetworkSeconds: +(fetchMs / 1000).toFixed(2),
    addonSeconds: +(addonMs / 1000).toFixed(2),
    appsScriptEstimateSeconds: +(estimateMs / 1000).toFixed(1),
    appsScriptLimitSeconds: LIMIT_MS / 1000,
    fitsInOneExecution: estimateMs < LIMIT_MS,
    bundleBytes: statSync(CODE_PATH).size,
    model: { URLFETCH_OVERHEAD_MS, SETVALUES_CALL_MS, SETVALUES_PER_CELL_MS, APPS_SCRIPT_SLOWDOWN },
  };
  console.log(
    [
      `google-sheets import bench: ${rows.toLocaleString("en-US")} rows × 8 columns`,
      `  fetches ${fetches}, setValues calls ${setValuesCalls}, cells ${stats.cellsWritten.toLocaleString("en-US")}`,
      `  wall ${result.wallSeconds} s here (${result.rowsPerSecond.toLocaleString("en-US")} rows/s; server+network ${result.serverAndNetworkSeconds} s, add-on ${result.addonSeconds} s)`,
      `  Apps Script estimate ${result.appsScriptEstimateSeconds} s of ${LIMIT_MS / 1000} s (model: server time + ${URLFETCH_OVERHEAD_MS} ms per UrlFetch, ${SETVALUES_CALL_MS} ms + ${SETVALUES_PER_CELL_MS} ms/cell per setValues, add-on JS × ${APPS_SCRIPT_SLOWDOWN})`,
      `  bundle dist/Code.js ${result.bundleBytes.toLocaleString("en-US")} bytes`,
    ].join("\n"),
  );
  const out = fileURLToPath(new URL("../bench-results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}import.json`, JSON.stringify(result, null, 2) + "\n");
  expect(created.ok).toBe(true);
  expect(rows).toBeGreaterThan(0);
});
