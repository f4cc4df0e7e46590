import { describe, expect, it } from "vitest";
import { createBudget } from "../budget.js";
import { HOST_LIMITS } from "../testing/host-limits.js";
import { stubWorld } from "../testing/stub-world.js";
import { getImport, type ImportDefinition, saveImport } from "./definition.js";
import { runImport } from "./run-import.js";

// Imports against Sheets' 10-million-cell limit (every sheet, empty cells included).

function setup(rows: number) {
  const { api, gas, ctx } = stubWorld({ rows }, { latencyMs: 500 });
  const spreadsheet = gas.SpreadsheetApp.spreadsheet;
  const intoNewSheet: ImportDefinition = {
    id: "imp_grid",
    projectId: "prj_stub",
    projectName: "Stub project",
    tableId: "tbl_stub",
    tableName: "Stub",
    fields: [],
    destination: { sheetName: "Stub", row: 1, column: 1 },
    lastRun: null,
    extent: null,
    resume: null,
  };
  saveImport(ctx, intoNewSheet);
  const run = () =>
    gas.executions.run("script", () =>
      runImport(ctx, spreadsheet, getImport(ctx, "imp_grid")!, createBudget(ctx.now, 360_000, 60_000)),
    );
  /** Another sheet (26 columns), grown so that the spreadsheet holds `cells` (a multiple of 26) before the import. */
  const otherSheet = (cells: number) => {
    const archive = spreadsheet.insertSheet("Archive");
    archive.insertRowsAfter(1_000, (cells - spreadsheet.gridCells()) / 26);
    expect(spreadsheet.gridCells()).toBe(cells);
    return archive;
  };
  return { api, gas, ctx, spreadsheet, run, otherSheet };
}

describe("an import into a new sheet uses the grid it needs, no more", () => {
  it("the new sheet is the header and the rows, by the table's columns: grid cells ÷ data cells = 1.0", () => {
    const { spreadsheet, run } = setup(2_500);
    expect(run()).toMatchObject({ status: "complete", rowsWritten: 2_500 });
    const sheet = spreadsheet.getSheetByName("Stub")!;
    expect(sheet.getMaxColumns()).toBe(4);
    expect(sheet.getMaxRows()).toBe(1 + 2_500);
    expect(sheet.gridCells() / ((1 + 2_500) * 4)).toBe(1);
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.read(2_501, 1)).toBe(2_500);
  });

  it("counts the other sheets: an import that fits only at its own size completes", () => {
    const { spreadsheet, run, otherSheet } = setup(2_000);
    otherSheet(9_949_992);
    const before = spreadsheet.gridCells();
    const result = run();
    expect(result).toMatchObject({ status: "complete", rowsWritten: 2_000 });
    expect(spreadsheet.gridCells() - before).toBe((1 + 2_000) * 4);
    expect(spreadsheet.gridCells()).toBeLessThanOrEqual(HOST_LIMITS.spreadsheetCells);
  });

  it("refuses an import the spreadsheet cannot hold before writing anything, and says what to do", () => {
    const { spreadsheet, run, otherSheet, api } = setup(10_000);
    const archive = otherSheet(9_969_986);
    const sheetsBefore = spreadsheet.getSheets().map((s) => `${s.getName()}:${s.gridCells()}`);
    const result = run();
    expect(result.status).toBe("failed");
    expect(result.message).toBe(
      "This import needs 40,004 cells (10,000 rows × 4 columns) and the rest of this spreadsheet uses 9,969,986: " +
        "Google Sheets holds 10,000,000 cells per spreadsheet. Nothing was written. " +
        "Import fewer columns, a filtered table, or into a new spreadsheet.",
    );
    expect(spreadsheet.getSheets().map((s) => `${s.getName()}:${s.gridCells()}`)).toEqual(sheetsBefore);
    expect(spreadsheet.stats.setValuesCalls).toBe(0);
    expect(api.requests.filter((r) => r.endsWith("/rows"))).toEqual([]);
    expect(archive.getLastRow()).toBe(0);
  });
});
