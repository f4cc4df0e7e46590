import { describe, expect, it } from "vitest";
import { TOKEN, ordersHandler } from "../../test/fake-api.js";
import { excelMock } from "../../test/excel-mock.js";
import { connectedSession } from "../../test/session-fixture.js";
import { ImportDefinitions, type ImportDefinition, type SettingsLike } from "./import-definitions.js";
import { WorkbookLimitError } from "./excel-limits.js";
import { runImport } from "./import-runner.js";

function memorySettings() {
  const live: Record<string, unknown> = {};
  let saved = "{}";
  const settings: SettingsLike = {
    get: (k) => (k in live ? JSON.parse(JSON.stringify(live[k])) : null),
    set: (k, v) => {
      live[k] = v;
    },
    saveAsync: (cb) => {
      saved = JSON.stringify(live);
      cb?.({ status: "succeeded" });
    },
  };
  return { settings, saved: () => saved };
}

const definition: ImportDefinition = {
  id: "imp_1",
  projectId: "prj_acme_tower",
  tableId: "tbl_orders",
  fields: null,
  sheetName: "Orders",
  startCell: "A1",
  tableName: "Layer_tbl_orders",
  tokenName: "Excel - Budget",
  keyId: "0123456789ABCDEF",
  lastRefresh: null,
};

describe("runImport", () => {
  it("downloads every page, writes typed values, and remembers the refresh with the token's name only", async () => {
    const { session, api } = await connectedSession(ordersHandler(12_345));
    const excel = excelMock();
    const { settings, saved } = memorySettings();
    const outcome = await runImport(definition, {
      session,
      definitions: new ImportDefinitions(settings),
      excelRun: excel.run,
      pageSize: 5_000,
    });
    expect(outcome.rows).toBe(12_345);
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(3);
    const header = excel.values.get("Orders!A1:D1");
    expect(header).toEqual([["order_id", "customer", "order_date", "note"]]);
    const first = excel.values.get("Orders!A2:D12346")![0];
    // date -> Excel serial; formula-looking text stays text; null -> empty
    expect(first).toEqual([1, "Customer 1", 46037, `'=HYPERLINK("x")`]);
    expect(excel.values.get("Orders!A2:D12346")![2]![3]).toBe("");
    const stored = JSON.parse(saved())["layer.imports"] as ImportDefinition[];
    expect(stored[0]!.lastRefresh).toMatchObject({
      rows: 12_345,
      tokenName: "Excel - Budget",
      keyId: "0123456789ABCDEF",
    });
    expect(saved()).not.toContain(TOKEN);
    expect(saved()).not.toContain(TOKEN.slice(-43));
  });

  it("asks only for the chosen fields, in the chosen order", async () => {
    const { session, api } = await connectedSession(ordersHandler(10));
    const excel = excelMock();
    await runImport(
      { ...definition, fields: ["customer", "order_id"] },
      { session, definitions: new ImportDefinitions(memorySettings().settings), excelRun: excel.run },
    );
    expect(api.calls.find((c) => c.path.includes("/rows"))!.path).toContain("fields=customer%2Corder_id");
    expect(excel.values.get("Orders!A1:B1")).toEqual([["customer", "order_id"]]);
  });

  it("imports at most the rows asked for, asking the API for no more pages than that", async () => {
    const { session, api } = await connectedSession(ordersHandler(30_000));
    const excel = excelMock();
    const outcome = await runImport(
      { ...definition, maxRows: 12_000 },
      { session, definitions: new ImportDefinitions(memorySettings().settings), excelRun: excel.run, pageSize: 5_000 },
    );
    expect(outcome).toMatchObject({ rows: 12_000, address: "Orders!A1:D12001" });
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(3);
  });

  it("refuses a table the sheet cannot hold before downloading or writing anything", async () => {
    const { session, api } = await connectedSession(ordersHandler(1_000_000));
    const excel = excelMock();
    const attempt = runImport(
      { ...definition, startCell: "A100000" },
      { session, definitions: new ImportDefinitions(memorySettings().settings), excelRun: excel.run },
    );
    await expect(attempt).rejects.toBeInstanceOf(WorkbookLimitError);
    await expect(attempt).rejects.toThrow(
      /1,000,000 rows do not fit below A100000: a worksheet has 1,048,576 rows\. Set "Rows at most" to 948,576/,
    );
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(0);
    expect(excel.events).toHaveLength(0);
  });

  it("refuses an unknown field before downloading anything", async () => {
    const { session, api } = await connectedSession(ordersHandler(10));
    await expect(
      runImport(
        { ...definition, fields: ["nope"] },
        { session, definitions: new ImportDefinitions(memorySettings().settings), excelRun: excelMock().run },
      ),
    ).rejects.toThrow(/Unknown field "nope"/);
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(0);
  });

  it("leaves the workbook untouched when canceled during the download", async () => {
    const { session } = await connectedSession(ordersHandler(30_000));
    const excel = excelMock();
    const controller = new AbortController();
    const { settings, saved } = memorySettings();
    const outcome = await runImport(definition, {
      session,
      definitions: new ImportDefinitions(settings),
      excelRun: excel.run,
      pageSize: 10_000,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === "download" && p.done >= 10_000) controller.abort();
      },
    });
    expect(outcome.canceled).toBe(true);
    expect(excel.events).toHaveLength(0);
    expect(saved()).toBe("{}");
  });
});
