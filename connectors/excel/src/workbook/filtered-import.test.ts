import { describe, expect, it } from "vitest";
import { excelMock } from "../../test/excel-mock.js";
import { ordersHandler, orderRow } from "../../test/fake-api.js";
import { connectedSession } from "../../test/session-fixture.js";
import { explainError } from "../messages/explain-error.js";
import { type ImportDefinition, ImportDefinitions, type SettingsLike } from "./import-definitions.js";
import { runImport } from "./import-runner.js";

function memorySettings(): SettingsLike {
  const live: Record<string, unknown> = {};
  return {
    get: (k) => (k in live ? JSON.parse(JSON.stringify(live[k])) : null),
    set: (k, v) => {
      live[k] = v;
    },
    saveAsync: (cb) => cb?.({ status: "succeeded" }),
  };
}

const definition: ImportDefinition = {
  id: "imp_f",
  projectId: "prj_acme_tower",
  tableId: "tbl_orders",
  fields: ["order_id", "customer"],
  filter: "(customer eq 'Customer 3') and (order_id gt 100)",
  sort: "order_id desc",
  sheetName: "Orders",
  startCell: "A1",
  tableName: "Layer_tbl_orders",
  tokenName: "Excel - Budget",
  keyId: "0123456789ABCDEF",
  lastRefresh: null,
};

/** What the saved filter keeps of `total` generated orders, in the saved order. */
function expected(total: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = total; i >= 1; i -= 1) {
    const r = orderRow(i);
    if (r.customer === "Customer 3" && r.order_id > 100) rows.push([r.order_id, r.customer]);
  }
  return rows;
}

describe("an import with a saved filter and sort", () => {
  it("writes exactly the rows the filter keeps, in order, and a Refresh of the saved definition does again", async () => {
    const { session, api } = await connectedSession(ordersHandler(5_000));
    const definitions = new ImportDefinitions(memorySettings());
    await definitions.put(definition);
    const want = expected(5_000);
    const first = await runImport(definitions.get("imp_f")!, {
      session,
      definitions,
      excelRun: excelMock().run,
      pageSize: 200,
    });
    expect(first.rows).toBe(want.length);
    expect(definitions.get("imp_f")).toMatchObject({ filter: definition.filter, sort: definition.sort });

    const excel = excelMock();
    api.calls.length = 0;
    const again = await runImport(definitions.get("imp_f")!, {
      session,
      definitions,
      excelRun: excel.run,
      pageSize: 200,
    });
    expect(again).toMatchObject({ rows: want.length, address: `Orders!A1:B${want.length + 1}` });
    expect(excel.values.get(`Orders!A2:B${want.length + 1}`)).toEqual(want);
    const rowsCalls = api.calls.filter((c) => c.path.includes("/rows"));
    expect(rowsCalls).toHaveLength(1 + Math.ceil(want.length / 200));
    for (const c of rowsCalls)
      expect(decodeURIComponent(c.path)).toContain(
        "filter=(customer eq 'Customer 3') and (order_id gt 100)&sort=order_id desc",
      );
  });

  it("sizes a filtered import by the API's count, so a few kept rows of a huge table fit", async () => {
    const { session } = await connectedSession(ordersHandler(1_000_000));
    const outcome = await runImport(
      { ...definition, filter: "order_id le 20", startCell: "A100000" },
      { session, definitions: new ImportDefinitions(memorySettings()), excelRun: excelMock().run },
    );
    expect(outcome.rows).toBe(20);
  });

  it("a bad filter is refused before anything is written, with the character and the problem", async () => {
    const { session } = await connectedSession(ordersHandler(10));
    const excel = excelMock();
    const error = await runImport(
      { ...definition, filter: "order_id eq 'seven'" },
      { session, definitions: new ImportDefinitions(memorySettings()), excelRun: excel.run },
    ).catch((e: unknown) => e);
    expect(excel.events).toHaveLength(0);
    const explained = explainError(error, { tokenName: "Excel - Budget", keyId: undefined, apiBase: "", now: 0 });
    expect(explained).toMatchObject({
      title: "The filter is not valid",
      cellError: "#VALUE!",
      message:
        "Layer cannot use this filter: character 10: cannot compare number with string. Edit the filter and try again.",
    });
  });
});
