import { describe, expect, it } from "vitest";
import { createBudget } from "../budget.js";
import { stubWorld } from "../testing/stub-world.js";
import { getImport, type ImportDefinition, saveImport } from "./definition.js";
import { runImport } from "./run-import.js";

function definition(over: Partial<ImportDefinition> = {}): ImportDefinition {
  return {
    id: "imp_f",
    projectId: "prj_stub",
    projectName: "Stub project",
    tableId: "tbl_stub",
    tableName: "Stub",
    fields: ["id", "label"],
    filter: "ok and id gt 100 and not endswith(label, '7')",
    sort: "id desc",
    destination: { sheetName: "Sheet1", row: 1, column: 1 },
    lastRun: null,
    extent: null,
    resume: null,
    ...over,
  };
}

/** What the filter keeps of the stub's 400 rows (row i: id i+1, ok when i is even), sorted id desc. */
function expectedIds(): number[] {
  const ids: number[] = [];
  for (let i = 0; i < 400; i += 1) {
    const id = i + 1;
    if (i % 2 === 0 && id > 100 && !`row ${id}`.endsWith("7")) ids.push(id);
  }
  return ids.reverse();
}

function idsOnSheet(cells: unknown[][], rows: number): unknown[] {
  return cells.slice(1, 1 + rows).map((r) => r[0]);
}

describe("an import with a saved filter and sort", () => {
  it("writes exactly the rows the filter keeps, in the saved order, and Refresh applies them again", () => {
    const { gas, ctx, api } = stubWorld({ rows: 400 });
    const spreadsheet = gas.SpreadsheetApp.spreadsheet;
    saveImport(ctx, definition());
    const budget = () => createBudget(ctx.now, 360_000, 60_000);
    const first = runImport(ctx, spreadsheet, getImport(ctx, "imp_f")!, budget(), { pageRows: 40 });
    const want = expectedIds();
    expect(first).toMatchObject({ status: "complete", rowsWritten: want.length, totalRows: want.length });
    const sheet = spreadsheet.getSheetByName("Sheet1")!;
    expect(idsOnSheet(sheet.cells, want.length)).toEqual(want);
    expect(sheet.read(want.length + 2, 1)).toBe("");
    expect(sheet.read(2, 2)).toBe(`row ${want[0]}`);

    // Refresh: the saved definition (filter and sort included) runs again and gives the same rows.
    sheet.write(2, 1, "edited by hand");
    api.requests.length = 0;
    const again = runImport(ctx, spreadsheet, getImport(ctx, "imp_f")!, budget(), { pageRows: 40 });
    expect(again).toMatchObject({ status: "complete", rowsWritten: want.length });
    expect(idsOnSheet(sheet.cells, want.length)).toEqual(want);
    expect(api.requests.filter((r) => r.endsWith("/rows")).length).toBe(1 + Math.ceil(want.length / 40));
  });

  it("says which character of a bad filter is wrong and what, and leaves the sheet alone", () => {
    const { gas, ctx } = stubWorld({ rows: 10 });
    const spreadsheet = gas.SpreadsheetApp.spreadsheet;
    spreadsheet.getSheetByName("Sheet1")!.write(1, 1, "kept");
    const result = runImport(
      ctx,
      spreadsheet,
      definition({ filter: "id eq 'seven'" }),
      createBudget(ctx.now, 360_000, 60_000),
    );
    expect(result.status).toBe("failed");
    expect(result.message).toBe(
      "Layer cannot use this filter: character 4: cannot compare number with string. Edit the filter and try again.",
    );
    expect(spreadsheet.getSheetByName("Sheet1")!.read(1, 1)).toBe("kept");
  });
});
