/**
 * The table writer against the enforcing stand-in office.js (the one the browser tests load):
 * every request must stay under the writer's budget, well below the 5 MB at which Excel on the
 * web refuses it, for a long narrow table and for a wide one.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_BUDGET_BYTES, WorkbookLimitError } from "../src/workbook/excel-limits.js";
import { writeTable } from "../src/workbook/table-writer.js";
import { loadOfficeStandIn } from "../testing/office-stand-in-node.mjs";
import { ORDER_COLUMNS, orderRows, textColumns, textRows } from "./wide-tables.js";

describe("the table writer within Excel's request and sheet limits", () => {
  it("imports 250,000 orders × 8 columns with no request over the budget", async () => {
    const excel = loadOfficeStandIn();
    const rows = orderRows(250_000);
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Orders",
        startCell: "A1",
        tableName: "Layer_tbl_orders",
        columns: ORDER_COLUMNS,
        rows,
      }),
    );
    expect(result).toMatchObject({ rows: 250_000, canceled: false, address: "Orders!A1:H250001" });
    const requests = excel.standIn.requests();
    expect(requests.filter((r) => r.error)).toEqual([]);
    expect(Math.max(...requests.map((r) => r.bytes))).toBeLessThanOrEqual(DEFAULT_REQUEST_BUDGET_BYTES);
    expect(excel.standIn.tables()).toEqual([
      expect.objectContaining({ name: "Layer_tbl_orders", address: "Orders!A1:H250001", rows: 250_000 }),
    ]);
    expect(excel.standIn.cellCount()).toBe(8 + rows.flat().filter((v) => v !== "").length);
    expect(excel.standIn.numberFormatAt("Orders", "F250001")).toBe("yyyy-mm-dd");
    expect(excel.standIn.numberFormatAt("Orders", "G2")).toBe("yyyy-mm-dd hh:mm:ss");
    expect(excel.standIn.tableValues("Layer_tbl_orders", 1)![1]).toEqual(rows[0]);
  });

  it("imports 20,000 rows × 60 text columns of 20 characters with no request over the budget", async () => {
    const excel = loadOfficeStandIn();
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Wide",
        startCell: "B2",
        tableName: "Layer_wide",
        columns: textColumns(60),
        rows: textRows(20_000, 60),
      }),
    );
    expect(result).toMatchObject({ rows: 20_000, canceled: false, address: "Wide!B2:BI20002" });
    const requests = excel.standIn.requests();
    expect(requests.filter((r) => r.error)).toEqual([]);
    expect(Math.max(...requests.map((r) => r.bytes))).toBeLessThanOrEqual(DEFAULT_REQUEST_BUDGET_BYTES);
    // A wide table takes more, smaller chunks: no request carries more than about 4 MB of cells.
    const chunks = requests.filter((r) => r.cells > 60);
    expect(chunks.length).toBeGreaterThanOrEqual(7);
    expect(chunks.reduce((sum, r) => sum + r.cells, 0)).toBe(20_000 * 60);
  });

  it("refuses a table over 5,000,000 cells before writing anything, saying what to change", async () => {
    const excel = loadOfficeStandIn();
    const attempt = excel.run((context) =>
      writeTable(context, {
        sheetName: "Wide",
        startCell: "A1",
        tableName: "Layer_wide",
        columns: textColumns(30),
        rows: new Array(200_000).fill(textRows(1, 30)[0]),
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(WorkbookLimitError);
    await expect(attempt).rejects.toThrow(
      /200,000 rows × 30 fields make a table of 6,000,030 cells .*at most 5,000,000 cells.*choose at most 24 fields, or set "Rows at most" to 166,665 or fewer/,
    );
    expect(excel.standIn.requests()).toEqual([]);
    expect(excel.standIn.sheetNames()).toEqual(["Sheet1"]);
  });

  it("refuses rows that would run past the sheet's last row", async () => {
    const excel = loadOfficeStandIn();
    await expect(
      excel.run((context) =>
        writeTable(context, {
          sheetName: "Orders",
          startCell: "A1000000",
          tableName: "T",
          columns: ORDER_COLUMNS,
          rows: orderRows(60_000),
        }),
      ),
    ).rejects.toThrow(
      /60,000 rows do not fit below A1000000: a worksheet has 1,048,576 rows\. Set "Rows at most" to 48,576/,
    );
    expect(excel.standIn.requests()).toEqual([]);
  });
});
