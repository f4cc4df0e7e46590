/** The stand-in office.js holds code to Office.js's rules, so tests fail where Excel would. */
import { describe, expect, it } from "vitest";
import { loadOfficeStandIn } from "../testing/office-stand-in-node.mjs";

describe("the stand-in office.js", () => {
  it("lets a property be read only after load() and context.sync()", async () => {
    const excel = loadOfficeStandIn({ workbookName: "Q3.xlsx" });
    await excel.run(async (context) => {
      expect(() => context.workbook.name).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      context.workbook.load("name");
      expect(() => context.workbook.name).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(context.workbook.name).toBe("Q3.xlsx");
      const sheet = context.workbook.worksheets.getItemOrNullObject("Nope");
      expect(() => sheet.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(sheet.isNullObject).toBe(true);
    });
  });

  it("applies queued writes at sync() and raises their errors there, not at the assignment", async () => {
    const excel = loadOfficeStandIn();
    await excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      range.values = [[1, 2]]; // wrong shape: Excel says so at sync
      expect(excel.standIn.cellCount()).toBe(0);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      range.values = [
        [1, 2],
        [3, 4],
      ];
      expect(excel.standIn.cellCount()).toBe(0);
      await context.sync();
      expect(excel.standIn.cellCount()).toBe(4);
      range.load("values");
      await context.sync();
      expect(range.values).toEqual([
        [1, 2],
        [3, 4],
      ]);
    });
  });

  it("refuses a request over 5 MB whole, as Excel on the web does", async () => {
    const excel = loadOfficeStandIn();
    const big = Array.from({ length: 60_000 }, (_, i) => [`${i}`.padEnd(100, "x")]);
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:A60000").values = big;
      await expect(context.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(excel.standIn.cellCount()).toBe(0);
    expect(excel.standIn.requests()[0]).toMatchObject({ error: "RequestPayloadSizeLimitExceeded" });
    expect(excel.standIn.requests()[0]!.bytes).toBeGreaterThan(5_000_000);
  });

  it("knows the sheet's edges and the 5,000,000-cell range rule", async () => {
    const excel = loadOfficeStandIn();
    await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1048577").values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.getRange("XFE1").values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
      sheet.getRange("A1:E1000001").numberFormat = [["0.00"]];
      await expect(context.sync()).rejects.toMatchObject({ code: "RangeExceedsLimit" });
      // One format for a whole column range is a 1x1 array.
      sheet.getRange("A1:A1000000").numberFormat = [["0.00"]];
      await context.sync();
    });
    expect(excel.standIn.numberFormatAt("Sheet1", "A999999")).toBe("0.00");
  });

  it("keeps table names unique and tables apart, checked at sync", async () => {
    const excel = loadOfficeStandIn();
    await excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.tables.add("Sheet1!A1:B3", true).name = "Orders";
      await context.sync();
      sheet.tables.add("Sheet1!D1:E3", true).name = "orders";
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemAlreadyExists" });
      sheet.tables.add("Sheet1!B2:C4", true);
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
  });

  it("persists settings only through saveAsync, which can fail", async () => {
    const failing = loadOfficeStandIn({ settingsSaveFails: true });
    const settings = failing.Office.context.document.settings;
    settings.set("k", 1);
    const result = await new Promise<Office.AsyncResult<void>>((resolve) => settings.saveAsync(resolve));
    expect(result.status).toBe("failed");
    expect(failing.standIn.settings()).toEqual({});
  });
});
