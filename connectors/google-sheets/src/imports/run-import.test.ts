import { describe, expect, it } from "vitest";
import { createBudget } from "../budget.js";
import type { StubApiOptions } from "../testing/stub-layer-api.js";
import { stubWorld } from "../testing/stub-world.js";
import { getImport, type ImportDefinition, saveImport } from "./definition.js";
import { runImport } from "./run-import.js";

function setup(rows: number, failures = [] as NonNullable<StubApiOptions["failures"]>) {
  return stubWorld({ rows, failures }, { latencyMs: 1_000 });
}

function definition(over: Partial<ImportDefinition> = {}): ImportDefinition {
  return {
    id: "imp_1",
    projectId: "prj_stub",
    projectName: "Stub project",
    tableId: "tbl_stub",
    tableName: "Stub",
    fields: [],
    destination: { sheetName: "Sheet1", row: 1, column: 1 },
    lastRun: null,
    extent: null,
    resume: null,
    ...over,
  };
}

describe("runImport (core, stub API)", () => {
  it("writes one setValues per page, grows the grid, and sets each column's format once", () => {
    const { gas, ctx } = setup(2_500);
    saveImport(ctx, definition());
    const result = runImport(
      ctx,
      gas.SpreadsheetApp.spreadsheet,
      definition(),
      createBudget(ctx.now, 360_000, 60_000),
      { pageRows: 1_000 },
    );
    expect(result).toMatchObject({ status: "complete", rowsWritten: 2_500 });
    const sheet = gas.SpreadsheetApp.spreadsheet.getSheetByName("Sheet1")!;
    expect(sheet.getMaxRows()).toBeGreaterThanOrEqual(2_501);
    expect(gas.SpreadsheetApp.spreadsheet.stats.setValuesCalls).toBe(1 + 3);
    expect(sheet.formats.get("C2:C2501")).toBe("yyyy-mm-dd");
    expect(sheet.formats.get("B2:B2501")).toBe("@");
    expect(sheet.cells[2500]?.[0]).toBe(2_500);
  });

  it("starts at a chosen cell without freezing rows, and clears a longer previous run", () => {
    const { gas, ctx } = setup(3);
    const at = definition({ destination: { sheetName: "Sheet1", row: 5, column: 3 }, extent: { rows: 6, columns: 4 } });
    const sheet = gas.SpreadsheetApp.spreadsheet.getSheetByName("Sheet1")!;
    for (let r = 6; r <= 11; r += 1) sheet.write(r, 3, "stale");
    runImport(ctx, gas.SpreadsheetApp.spreadsheet, at, createBudget(ctx.now, 360_000, 60_000));
    expect(sheet.frozenRows).toBe(0);
    expect(sheet.read(5, 3)).toBe("id");
    expect(sheet.read(8, 3)).toBe(3);
    expect(sheet.read(9, 3)).toBe("");
    expect(sheet.read(11, 3)).toBe("");
  });

  it("stops when the next page would not fit, keeps the cursor, and a second run carries on", () => {
    const { gas, ctx, api } = setup(5_000);
    saveImport(ctx, definition());
    const budget = () => createBudget(ctx.now, 63_500, 60_000); // 3.5 s of work: schema + 2 pages
    const first = runImport(ctx, gas.SpreadsheetApp.spreadsheet, definition(), budget(), { pageRows: 1_000 });
    expect(first).toMatchObject({ status: "partial", rowsWritten: 2_000, totalRows: 5_000 });
    const saved = getImport(ctx, "imp_1")!;
    expect(saved.resume?.cursor).toBe("2000");
    api.requests.length = 0;
    let result = first;
    for (let i = 0; i < 5 && result.status !== "complete"; i += 1)
      result = runImport(ctx, gas.SpreadsheetApp.spreadsheet, getImport(ctx, "imp_1")!, budget(), { pageRows: 1_000 });
    expect(result).toMatchObject({ status: "complete", rowsWritten: 5_000 });
    expect(api.requests.every((r) => r.endsWith("/rows"))).toBe(true);
    expect(gas.SpreadsheetApp.spreadsheet.getSheetByName("Sheet1")!.cells[5000]?.[0]).toBe(5_000);
  });

  it("stops with an error, keeping the last good cursor, when Layer hands back the cursor it was given", () => {
    const column = { name: "id", type: "number" as const, nullable: false };
    const page = (id: number, nextCursor: string) => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ columns: [column], rows: [{ id }], nextCursor, totalRows: 9 }),
    });
    const { gas, ctx, api } = setup(9, [page(1, "c2"), page(2, "c2")]);
    const resume = { cursor: "c1", rowsWritten: 0, totalRows: 9, columns: [column] };
    saveImport(ctx, definition({ resume, extent: { rows: 0, columns: 1 } }));
    const result = runImport(
      ctx,
      gas.SpreadsheetApp.spreadsheet,
      getImport(ctx, "imp_1")!,
      createBudget(ctx.now, 360_000, 60_000),
    );
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toMatch(/BAD_RESPONSE/);
    expect(api.requests).toHaveLength(2);
    expect(getImport(ctx, "imp_1")?.resume?.cursor).toBe("c2");
  });

  it("never sends a token a 401 proved dead", () => {
    const { gas, ctx, api } = setup(10, [
      {
        status: 401,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          error: {
            code: "UNAUTHENTICATED",
            message: "revoked",
            requestId: "req_1",
            details: {
              reason: "revoked",
              keyId: "STUB000000000000",
              name: "Google Sheets - Stub",
              revokedAt: "2026-11-20T10:00:00Z",
            },
          },
        }),
      },
    ]);
    const first = runImport(ctx, gas.SpreadsheetApp.spreadsheet, definition(), createBudget(ctx.now, 360_000, 60_000));
    expect(first.message).toBe(
      'Layer token "Google Sheets - Stub" was revoked on 2026-11-20. Rotate it: Extensions › Layer › Rotate token.',
    );
    const sent = api.requests.length;
    const second = runImport(ctx, gas.SpreadsheetApp.spreadsheet, definition(), createBudget(ctx.now, 360_000, 60_000));
    expect(second.failure?.kind).toBe("token_broken");
    expect(api.requests.length).toBe(sent);
  });
});
