import type { Column } from "@layer/contracts";
import type { Session } from "../api/session.js";
import { parseCell } from "./a1.js";
import { type ExcelCell, toExcelCell } from "./cell-values.js";
import { tableLimitProblem, WorkbookLimitError } from "./excel-limits.js";
import type { ImportDefinition, ImportDefinitions } from "./import-definitions.js";
import { writeTable, type TableWriteResult } from "./table-writer.js";

export interface ImportProgress {
  phase: "download" | "write";
  done: number;
  total: number;
}

export interface ImportRunOptions {
  session: Session;
  definitions: ImportDefinitions;
  excelRun: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Rows per API page (the API allows up to 10,000). */
  pageSize?: number;
  /** Bytes one context.sync() may carry (the writer's default: 4 MB). */
  requestBudgetBytes?: number;
}

export interface ImportOutcome extends TableWriteResult {
  definition: ImportDefinition;
}

/** Downloads a Layer table through the connected token and writes it as an Excel table. */
export async function runImport(definition: ImportDefinition, options: ImportRunOptions): Promise<ImportOutcome> {
  const { session, signal } = options;
  const token = session.token;
  const client = session.client();
  const schema = await client.getTable(definition.projectId, definition.tableId);
  const columns = pickColumns(schema.columns, definition.fields);
  const fields = definition.fields ? columns.map((c) => c.name) : undefined;
  const maxRows = definition.maxRows ?? Number.POSITIVE_INFINITY;
  // Filter and sort go with every page: the API's cursor belongs to them.
  const query = {
    ...(fields ? { fields } : {}),
    ...(definition.filter?.trim() ? { filter: definition.filter.trim() } : {}),
    ...(definition.sort?.trim() ? { sort: definition.sort.trim() } : {}),
  };
  const start = parseCell(definition.startCell);
  if (!start) throw new Error(`"${definition.startCell}" is not a cell address like A1.`);
  // A filtered import is as big as the rows the filter keeps, which the API counts (a bad
  // filter is refused here, before anything is downloaded or written).
  const rowCount = query.filter
    ? ((await client.rowsPage(definition.projectId, definition.tableId, { ...query, limit: 1, count: true })).count ??
      schema.rowCount)
    : schema.rowCount;
  // Refuse what the sheet cannot hold before downloading or writing anything.
  const problem = tableLimitProblem(start, Math.min(rowCount, maxRows), columns.length);
  if (problem) throw new WorkbookLimitError(problem);

  // Download first, write after: a cancel or an API error during the download leaves the
  // workbook exactly as it was, and Excel sees a few large batches instead of many small ones.
  const rows: ExcelCell[][] = [];
  let total = Math.min(rowCount, maxRows);
  options.onProgress?.({ phase: "download", done: 0, total });
  const pageSize = Math.min(options.pageSize ?? 10_000, maxRows);
  // The next page is asked for when this one's headers name it: the API prepares it while the
  // browser downloads this one. Never past the rows the sheet will take.
  for await (const page of client.pages(
    { projectId: definition.projectId, tableId: definition.tableId, limit: pageSize, ...query },
    { askOnHeaders: true, maxRows },
  )) {
    if (!query.filter) total = Math.min(page.totalRows, maxRows);
    for (const row of page.rows) {
      if (rows.length >= maxRows) break;
      rows.push(columns.map((c) => toExcelCell(row[c.name], c.type)));
    }
    options.onProgress?.({ phase: "download", done: rows.length, total });
    if (signal?.aborted) return canceled(definition, rows.length);
    if (rows.length >= maxRows) break;
  }

  const result = await options.excelRun((context) =>
    writeTable(context, {
      sheetName: definition.sheetName,
      startCell: definition.startCell,
      tableName: definition.tableName,
      columns,
      rows,
      ...(options.requestBudgetBytes ? { requestBudgetBytes: options.requestBudgetBytes } : {}),
      onProgress: (done, all) => options.onProgress?.({ phase: "write", done, total: all }),
      isCanceled: () => signal?.aborted === true,
    }),
  );
  if (result.canceled) return { ...result, definition };

  const updated: ImportDefinition = {
    ...definition,
    tokenName: token?.name ?? definition.tokenName,
    keyId: token?.keyId ?? definition.keyId,
    lastRefresh: {
      at: new Date(session.clock()).toISOString(),
      rows: result.rows,
      tokenName: token?.name ?? "",
      keyId: token?.keyId ?? "",
    },
  };
  await options.definitions.put(updated);
  return { ...result, definition: updated };
}

function canceled(definition: ImportDefinition, rows: number): ImportOutcome {
  return { address: "", rows, syncs: 0, canceled: true, partialTable: null, definition };
}

/** The requested fields in the order asked, each checked against the table's schema. */
export function pickColumns(columns: Column[], fields: string[] | null): Column[] {
  if (!fields || fields.length === 0) return columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const unknown = fields.filter((f) => !byName.has(f));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((f) => `"${f}"`).join(", ")}; this table has ${columns.map((c) => c.name).join(", ")}.`,
    );
  }
  return fields.map((f) => byName.get(f)!);
}
