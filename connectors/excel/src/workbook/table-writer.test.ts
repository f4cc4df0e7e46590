import { describe, expect, it } from "vitest";
import { excelMock } from "../../test/excel-mock.js";
import { textColumns, textRows } from "../../test/wide-tables.js";
import { WorkbookLimitError } from "./excel-limits.js";
import { jsonBytes } from "./request-size.js";
import { partialTableName, tableNameFor, writeTable } from "./table-writer.js";
import { readWorkbookName } from "./workbook-name.js";

const columns = [
  { name: "order_id", type: "number" as const },
  { name: "order_date", type: "date" as const },
];
const rows = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, 46000 + i]);

describe("writeTable", () => {
  it("writes values in chunks sized by bytes, each with calculation suspended, and formats each column once after every value", async () => {
    const excel = excelMock();
    const budget = 200_000;
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Orders",
        startCell: "B2",
        tableName: "Layer_tbl_orders",
        columns,
        rows: rows(25_000),
        requestBudgetBytes: budget,
      }),
    );
    expect(result).toMatchObject({ address: "Orders!B2:C25002", rows: 25_000, canceled: false, partialTable: null });
    const values = excel.events.filter((e) => e.op === "values");
    expect(values[0]).toMatchObject({ address: "Orders!B2:C2", rows: 1 });
    const chunks = values.slice(1);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((n, e) => n + e.rows!, 0)).toBe(25_000);
    for (const chunk of chunks) expect(jsonBytes(excel.values.get(chunk.address!))).toBeLessThan(budget);
    // Each data chunk: suspend, values, sync.
    const ops = excel.events.map((e) => e.op);
    for (const chunk of chunks) {
      const at = excel.events.indexOf(chunk);
      expect(ops[at - 1]).toBe("suspend");
      expect(ops[at + 1]).toBe("sync");
    }
    const lastValues = excel.events.indexOf(values.at(-1)!);
    const firstFormat = ops.findIndex((op) => op === "table" || op === "numberFormat" || op === "bold");
    expect(firstFormat).toBeGreaterThan(lastValues);
    // One number format for the whole date column, not one per cell.
    expect(excel.events.filter((e) => e.op === "numberFormat").map((e) => [e.address, e.detail])).toEqual([
      ["Orders!C3:C25002", [["yyyy-mm-dd"]]],
    ]);
    expect(excel.tables[0]).toMatchObject({
      name: "Layer_tbl_orders",
      address: "'Orders'!B2:C25002",
      style: "TableStyleMedium2",
    });
    expect(excel.events.find((e) => e.op === "bold")?.detail).toBe(true);
    expect(excel.events.some((e) => e.op === "addSheet" && e.address === "Orders")).toBe(true);
    // lookup + header + chunks + formats
    expect(result.syncs).toBe(3 + chunks.length);
    expect(excel.syncs()).toBe(result.syncs);
  });

  it("gives a wide table smaller chunks than a narrow one under the same budget", async () => {
    const chunkRows = async (width: number) => {
      const excel = excelMock();
      await excel.run((context) =>
        writeTable(context, {
          sheetName: "Sheet1",
          startCell: "A1",
          tableName: "T",
          columns: textColumns(width),
          rows: textRows(2_000, width),
          requestBudgetBytes: 100_000,
        }),
      );
      return excel.events.filter((e) => e.op === "values").slice(1)[0]!.rows!;
    };
    const narrow = await chunkRows(2);
    const wide = await chunkRows(30);
    expect(wide).toBeLessThan(narrow / 10);
  });

  it("replaces a table of the same name on refresh, and the partial table a canceled refresh left", async () => {
    const excel = excelMock({ existingTables: ["Layer_tbl_orders", partialTableName("Layer_tbl_orders")] });
    await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "Layer_tbl_orders",
        columns,
        rows: rows(3),
      }),
    );
    const ops = excel.events.map((e) => `${e.op}:${e.address ?? ""}`);
    expect(ops.indexOf("clear:old:Layer_tbl_orders")).toBeLessThan(ops.indexOf("delete:Layer_tbl_orders"));
    expect(ops.indexOf("clear:old:Layer_tbl_orders_partial")).toBeLessThan(
      ops.indexOf("delete:Layer_tbl_orders_partial"),
    );
    expect(ops.indexOf("clear:old:Layer_tbl_orders")).toBeLessThan(ops.indexOf("values:Sheet1!A1:B1"));
    expect(ops.indexOf("clear:old:Layer_tbl_orders_partial")).toBeLessThan(ops.indexOf("values:Sheet1!A1:B1"));
  });

  it("on cancel of a new import takes back every cell it wrote and makes no table", async () => {
    const excel = excelMock();
    let chunks = 0;
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(30_000),
        requestBudgetBytes: 100_000,
        onProgress: () => {
          chunks += 1;
        },
        isCanceled: () => chunks >= 1,
      }),
    );
    expect(result).toMatchObject({ canceled: true, partialTable: null });
    const written = excel.events.filter((e) => e.op === "values")[1]!.rows!;
    expect(excel.events.filter((e) => e.op === "clear").map((e) => e.address)).toEqual([`Sheet1!A1:B${1 + written}`]);
    expect(excel.tables).toHaveLength(0);
  });

  it("on cancel of a new import into a sheet it added, removes that sheet", async () => {
    const excel = excelMock();
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Orders",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(10),
        isCanceled: () => true,
      }),
    );
    expect(result.canceled).toBe(true);
    expect(excel.events.filter((e) => e.op === "deleteSheet").map((e) => e.address)).toEqual(["Orders"]);
    expect(excel.tables).toHaveLength(0);
  });

  it("on cancel of a refresh while writing, keeps the rows written in a clearly named partial table", async () => {
    const excel = excelMock({ existingTables: ["T"] });
    let chunks = 0;
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(30_000),
        requestBudgetBytes: 100_000,
        onProgress: () => {
          chunks += 1;
        },
        isCanceled: () => chunks >= 2,
      }),
    );
    expect(result).toMatchObject({ canceled: true, partialTable: "T_partial" });
    expect(result.rows).toBeGreaterThan(0);
    expect(result.rows).toBeLessThan(30_000);
    expect(excel.tables).toEqual([
      expect.objectContaining({ name: "T_partial", address: `'Sheet1'!A1:B${1 + result.rows}` }),
    ]);
  });

  it("refuses what the sheet cannot hold before sending anything to Excel", async () => {
    const excel = excelMock();
    const attempt = excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns: textColumns(60),
        rows: new Array(100_000).fill(textRows(1, 60)[0]),
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(WorkbookLimitError);
    await expect(attempt).rejects.toThrow(/6,000,060 cells.*choose at most 49 fields, or set "Rows at most" to 83,332/);
    expect(excel.syncs()).toBe(0);
  });

  it("refuses a start cell that is not an address", async () => {
    const excel = excelMock();
    await expect(
      excel.run((context) =>
        writeTable(context, { sheetName: "S", startCell: "here", tableName: "T", columns, rows: [] }),
      ),
    ).rejects.toThrow(/not a cell address/);
  });
});

describe("tableNameFor", () => {
  it("makes a valid, unused Excel table name", () => {
    expect(tableNameFor("tbl_orders")).toBe("Layer_tbl_orders");
    expect(tableNameFor("tbl-orders.v2", new Set(["layer_tbl_orders_v2"]))).toBe("Layer_tbl_orders_v2_2");
  });
});

describe("readWorkbookName", () => {
  it("loads the workbook's name before reading it", async () => {
    const excel = excelMock({ workbookName: "Q3 Budget.xlsx" });
    expect(await readWorkbookName(excel.run)).toBe("Q3 Budget.xlsx");
  });
});
