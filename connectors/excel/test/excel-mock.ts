import { OfficeMockObject } from "office-addin-mock";

export interface WriteEvent {
  op:
    | "values"
    | "numberFormat"
    | "bold"
    | "autofit"
    | "clear"
    | "suspend"
    | "sync"
    | "table"
    | "delete"
    | "addSheet"
    | "deleteSheet";
  address?: string;
  rows?: number;
  detail?: unknown;
}

/**
 * An Excel object graph for office-addin-mock: the mock supplies load()/sync() bookkeeping, we
 * supply the few Excel methods the writer calls, each recording what it did in order.
 */
export function excelMock(
  options: { existingTables?: string[]; existingSheets?: string[]; workbookName?: string } = {},
) {
  const events: WriteEvent[] = [];
  const values = new Map<string, unknown[][]>();
  const tables: { name: string; address: string; style?: string }[] = [];
  const sheets = new Set(options.existingSheets ?? ["Sheet1"]);

  const range = (address: string) => ({
    set values(v: unknown[][]) {
      values.set(address, v);
      events.push({ op: "values", address, rows: v.length });
    },
    set numberFormat(v: unknown[][]) {
      events.push({ op: "numberFormat", address, rows: v.length, detail: v });
    },
    format: {
      font: {
        set bold(b: boolean) {
          events.push({ op: "bold", address, detail: b });
        },
      },
      autofitColumns: () => events.push({ op: "autofit", address }),
    },
    clear: () => events.push({ op: "clear", address }),
  });
  const sheet = (name: string) => ({
    isNullObject: false,
    name,
    delete: () => {
      sheets.delete(name);
      events.push({ op: "deleteSheet", address: name });
    },
    getRange: (address: string) => range(`${name}!${address}`),
    tables: {
      add: (address: string, hasHeaders: boolean) => {
        const table = {
          name: "Table1",
          address,
          hasHeaders,
          style: "",
          getHeaderRowRange: () => range(`${address}#header`),
        };
        tables.push(table as never);
        events.push({ op: "table", address });
        return table;
      },
    },
  });

  const mock = new OfficeMockObject({
    context: {
      workbook: {
        name: options.workbookName ?? "Budget.xlsx",
        worksheets: {
          getItemOrNullObject: (name: string) => (sheets.has(name) ? sheet(name) : { isNullObject: true }),
          add: (name: string) => {
            sheets.add(name);
            events.push({ op: "addSheet", address: name });
            return sheet(name);
          },
        },
        tables: {
          getItemOrNullObject: (name: string) =>
            (options.existingTables ?? []).includes(name)
              ? {
                  isNullObject: false,
                  getRange: () => range(`old:${name}`),
                  delete: () => events.push({ op: "delete", address: name }),
                }
              : { isNullObject: true },
        },
        application: { suspendApiCalculationUntilNextSync: () => events.push({ op: "suspend" }) },
      },
    },
    run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  });
  // Count every context.sync() on top of the mock's own bookkeeping.
  const context = mock.context as { sync: () => Promise<void> };
  const sync = context.sync.bind(context);
  context.sync = async () => {
    events.push({ op: "sync" });
    await sync();
  };
  return {
    mock,
    events,
    values,
    tables,
    run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => (mock.run as (b: unknown) => Promise<T>)(batch),
    syncs: () => events.filter((e) => e.op === "sync").length,
  };
}
