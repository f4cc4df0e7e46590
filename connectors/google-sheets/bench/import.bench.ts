import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HOST_LIMITS } from "../src/testing/host-limits.js";
import type { FakeSheet } from "../src/testing/spreadsheet.js";
import { type LiveApi, startLiveApi } from "../test/support/live-api.js";
import { CODE_PATH, loadAddon, type VmAddon } from "../test/support/vm-addon.js";

/**
 * Import of 250,000 rows × 8 columns into a new sheet through the built Code.js in node:vm
 * against the live API, run as Apps Script would: Refresh after Refresh, each one execution
 * with the 6-minute limit, until the import is complete.
 *
 * Apps Script time model (stated, not measured on Google's side, since there is no Google
 * account here). The add-on's simulated clock, which its own budget reads, advances by:
 * - each UrlFetchApp call: the server time measured here + URLFETCH_OVERHEAD_MS for Google's
 *   egress, TLS and the call itself;
 * - each setValues: SETVALUES_CALL_MS + SETVALUES_PER_CELL_MS per cell;
 * - the add-on's own JavaScript between those calls (JSON parse, cell conversion): measured
 *   here × APPS_SCRIPT_SLOWDOWN.
 * So the number of executions is the add-on's own decision (it stops before the limit and
 * resumes from its cursor), under that model.
 */
const ROWS = 250_000;
const COLUMNS = 8;
const URLFETCH_OVERHEAD_MS = 600;
const SETVALUES_CALL_MS = 500;
const SETVALUES_PER_CELL_MS = 0.01;
const APPS_SCRIPT_SLOWDOWN = 3;
const EXECUTION_SECONDS = HOST_LIMITS.executionMs / 1000;

let api: LiveApi;
let addon: VmAddon;

beforeAll(async () => {
  api = await startLiveApi({ ordersRows: ROWS });
  addon = loadAddon({ apiUrl: api.url, latencyMs: URLFETCH_OVERHEAD_MS });
});
afterAll(async () => {
  await addon?.close();
  await api?.close();
});

it("imports 250,000 rows × 8 columns into a new sheet, in as few 6-minute executions as it takes", async () => {
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
  expect(created.ok).toBe(true);

  const { gas } = addon;
  const spreadsheet = gas.SpreadsheetApp.spreadsheet;
  // The model: the add-on's JavaScript since the last host call, × the slowdown; then the call.
  let mark = performance.now();
  let serverMs = 0;
  let addonMs = 0;
  const chargeAddonTime = () => {
    const ms = performance.now() - mark;
    addonMs += ms;
    gas.clock.advance(ms * APPS_SCRIPT_SLOWDOWN);
  };
  const fetch = gas.UrlFetchApp;
  const original = fetch.fetch.bind(fetch);
  fetch.fetch = (url, params) => {
    chargeAddonTime();
    const t = performance.now();
    try {
      return original(url, params); // advances the clock by URLFETCH_OVERHEAD_MS itself
    } finally {
      const ms = performance.now() - t;
      serverMs += ms;
      gas.clock.advance(ms);
      mark = performance.now();
    }
  };
  spreadsheet.stats.beforeSetValues = (cells) => {
    chargeAddonTime();
    gas.clock.advance(SETVALUES_CALL_MS + cells * SETVALUES_PER_CELL_MS);
    mark = performance.now();
  };

  const fetchesBefore = addon.fetches();
  const simulatedStart = gas.clock.now();
  const wallStart = performance.now();
  let executions = 0;
  let sheet: FakeSheet | null = null;
  const executionSeconds: number[] = [];
  while (executions < 20) {
    const started = gas.clock.now();
    mark = performance.now();
    addon.call("refreshAllImports");
    chargeAddonTime();
    executions += 1;
    executionSeconds.push((gas.clock.now() - started) / 1000);
    sheet = spreadsheet.getSheetByName("Orders");
    if (spreadsheet.toasts.at(-1)?.startsWith("Imported")) break;
  }
  const wallMs = performance.now() - wallStart;
  const estimateSeconds = (gas.clock.now() - simulatedStart) / 1000;
  const rows = (sheet?.getLastRow() ?? 1) - 1;
  const dataCells = (rows + 1) * COLUMNS;
  const gridCells = sheet?.gridCells() ?? 0;
  const fetches = addon.fetches() - fetchesBefore;
  const stats = spreadsheet.stats;
  const result = {
    rows,
    columns: COLUMNS,
    executions,
    executionSeconds: executionSeconds.map((s) => +s.toFixed(1)),
    appsScriptEstimateSeconds: +estimateSeconds.toFixed(1),
    executionLimitSeconds: EXECUTION_SECONDS,
    executionTimeUsed: +(estimateSeconds / (executions * EXECUTION_SECONDS)).toFixed(3),
    gridCells,
    dataCells,
    gridCellsPerDataCell: +(gridCells / dataCells).toFixed(3),
    defaultSheetGridCellsPerDataCell: +(((rows + 1) * 26) / dataCells).toFixed(3),
    fetches,
    setValuesCalls: stats.setValuesCalls,
    cellsWritten: stats.cellsWritten,
    largestResponseBytes: gas.UrlFetchApp.largestResponseBytes,
    responseLimitBytes: HOST_LIMITS.fetchResponseBytes,
    wallSeconds: +(wallMs / 1000).toFixed(2),
    rowsPerSecond: Math.round(rows / (wallMs / 1000)),
    serverAndNetworkSeconds: +(serverMs / 1000).toFixed(2),
    addonSeconds: +(addonMs / 1000).toFixed(2),
    bundleBytes: statSync(CODE_PATH).size,
    model: { URLFETCH_OVERHEAD_MS, SETVALUES_CALL_MS, SETVALUES_PER_CELL_MS, APPS_SCRIPT_SLOWDOWN },
  };
  const n = (x: number) => x.toLocaleString("en-US");
  console.log(
    [
      `google-sheets import bench: ${n(rows)} rows × ${COLUMNS} columns into a new sheet`,
      `  Apps Script estimate ${result.appsScriptEstimateSeconds} s in ${executions} execution${executions === 1 ? "" : "s"} of ${EXECUTION_SECONDS} s (${result.executionSeconds.join(" + ")} s): ${result.executionTimeUsed} of the executions' time used`,
      `  (model: server time + ${URLFETCH_OVERHEAD_MS} ms per UrlFetch, ${SETVALUES_CALL_MS} ms + ${SETVALUES_PER_CELL_MS} ms/cell per setValues, add-on JS × ${APPS_SCRIPT_SLOWDOWN})`,
      `  grid ${n(gridCells)} cells for ${n(dataCells)} data cells (header included): ${result.gridCellsPerDataCell}× (Sheets' default 26 columns: ${result.defaultSheetGridCellsPerDataCell}×)`,
      `  fetches ${fetches}, setValues calls ${stats.setValuesCalls}, largest response ${n(result.largestResponseBytes)} bytes of UrlFetchApp's ${n(HOST_LIMITS.fetchResponseBytes)}`,
      `  wall ${result.wallSeconds} s here (${n(result.rowsPerSecond)} rows/s; server+network ${result.serverAndNetworkSeconds} s, add-on ${result.addonSeconds} s)`,
      `  bundle dist/Code.js ${n(result.bundleBytes)} bytes`,
    ].join("\n"),
  );
  const out = fileURLToPath(new URL("../bench-results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}import.json`, `${JSON.stringify(result, null, 2)}\n`);
  const label = `${n(rows)} rows × ${COLUMNS}`;
  const figure = (
    name: string,
    value: number,
    unit: string,
    baseline: string,
    baselineValue: number,
    target: string | null,
  ) => ({ figure: name, value, unit, baseline, baselineValue, ratio: +(value / baselineValue).toFixed(3), target });
  writeFileSync(
    `${out}summary.json`,
    `${JSON.stringify(
      {
        package: "@layer/google-sheets",
        figures: [
          figure(
            `Apps Script time estimate, ${label}`,
            result.appsScriptEstimateSeconds,
            "s",
            `${executions} six-minute execution${executions === 1 ? "" : "s"} (${executions} × 360 s)`,
            executions * EXECUTION_SECONDS,
            "≤ 1",
          ),
          figure(
            `grid cells used, import of ${label} into a new sheet`,
            gridCells,
            "cells",
            "data cells (header and rows × columns)",
            dataCells,
            "= 1.0",
          ),
          figure(
            `import in the vm, ${label}`,
            result.rowsPerSecond,
            "rows/s",
            "the API's serving time alone",
            Math.round(rows / (serverMs / 1000)),
            null,
          ),
        ],
      },
      null,
      2,
    )}\n`,
  );
  expect(rows).toBe(ROWS);
  expect(gridCells).toBe(dataCells);
});
