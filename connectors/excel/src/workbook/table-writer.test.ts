import { describe, expect, it } from "vitest";
import { excelMock } from "../../test/excel-mock.js";
import { tableNameFor, writeTable } from "./table-writer.js";
import { readWorkbookName } from "./workbook-name.js";

const columns = [
  { name: "order_id", type: "number" as const },
  { name: "order_date", type: "date" as const },
];
const rows = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, 46000 + i]);

describe("writeTable", () => {
  it("writes values in chunks with calculation suspended, and formats only after every value", async () => {
    const excel = excelMock();
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Orders",
        startCell: "B2",
        tableName: "Layer_tbl_orders",
        columns,
        rows: rows(25_000),
        chunkRows: 10_000,
      }),
    );
    expect(result).toMatchObject({ address: "Orders!B2:C25002", rows: 25_000, canceled: false });
    const values = excel.events.filter((e) => e.op === "values");
    expect(values.map((e) => [e.address, e.rows])).toEqual([
      ["Orders!B2:C2", 1],
      ["Orders!B3:C10002", 10_000],
      ["Orders!B10003:C20002", 10_000],
      ["Orders!B20003:C25002", 5_000],
    ]);
    // Each data chunk: suspend, values, sync.
    const ops = excel.events.map((e) => e.op);
    for (const chunk of values.slice(1)) {
      const at = excel.events.indexOf(chunk);
      expect(ops[at - 1]).toBe("suspend");
      expect(ops[at + 1]).toBe("sync");
    }
    const lastValues = excel.events.indexOf(values.at(-1)!);
    const firstFormat = ops.findIndex((op) => op === "table" || op === "numberFormat" || op === "bold");
    expect(firstFormat).toBeGreaterThan(lastValues);
    expect(excel.events.filter((e) => e.op === "numberFormat").map((e) => [e.address, e.detail])).toEqual([
      ["Orders!C3:C10002", "yyyy-mm-dd"],
      ["Orders!C10003:C20002", "yyyy-mm-dd"],
      ["Orders!C20003:C25002", "yyyy-mm-dd"],
    ]);
    expect(excel.tables[0]).toMatchObject({
      name: "Layer_tbl_orders",
      address: "'Orders'!B2:C25002",
      style: "TableStyleMedium2",
    });
    expect(excel.events.find((e) => e.op === "bold")?.detail).toBe(true);
    expect(excel.events.some((e) => e.op === "addSheet" && e.address === "Orders")).toBe(true);
    // lookup + header + 3 chunks + formats
    expect(result.syncs).toBe(6);
    expect(excel.syncs()).toBe(6);
  });

  it("keeps chunks between 5,000 and 20,000 rows whatever is asked", async () => {
    const excel = excelMock();
    await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(12_000),
        chunkRows: 100,
      }),
    );
    const sizes = excel.events
      .filter((e) => e.op === "values")
      .slice(1)
      .map((e) => e.rows);
    expect(sizes).toEqual([5_000, 5_000, 2_000]);
  });

  it("replaces a table of the same name on refresh", async () => {
    const excel = excelMock({ existingTable: "Layer_tbl_orders" });
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
    expect(ops.indexOf("delete:Layer_tbl_orders")).toBeGreaterThanOrEqual(0);
    expect(ops).toContain("clear:old:Layer_tbl_orders");
    expect(ops.indexOf("clear:old:Layer_tbl_orders")).toBeLessThan(ops.indexOf("values:Sheet1!A1:B1"));
  });

  it("on cancel removes what it wrote and makes no table", async () => {
    const excel = excelMock();
    let chunks = 0;
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(30_000),
        chunkRows: 10_000,
        onProgress: () => void (chunks += 1),
        isCanceled: () => chunks >= 1,
      }),
    );
    expect(result.canceled).toBe(true);
    expect(excel.events.filter((e) => e.op === "clear").map((e) => e.address)).toEqual(["Sheet1!A1:B10001"]);
    expect(excel.tables).toHaveLength(0);
  });

  it("finishes a refresh it has started writing even when asked to cancel", async () => {
    const excel = excelMock({ existingTable: "T" });
    const result = await excel.run((context) =>
      writeTable(context, {
        sheetName: "Sheet1",
        startCell: "A1",
        tableName: "T",
        columns,
        rows: rows(12_000),
        chunkRows: 5_000,
        isCanceled: () => true,
      }),
    );
    expect(result).toMatchObject({ canceled: false, rows: 12_000 });
    expect(excel.tables).toHaveLength(1);
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
