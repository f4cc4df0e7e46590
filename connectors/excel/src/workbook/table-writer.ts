import type { ColumnType } from "@layer/contracts";
import { blockAddress, type CellRef, parseCell } from "./a1.js";
import { type ExcelCell, numberFormatFor } from "./cell-values.js";
import { planChunks } from "./chunk-plan.js";
import { DEFAULT_REQUEST_BUDGET_BYTES, tableLimitProblem, WorkbookLimitError } from "./excel-limits.js";

export interface TableWriteRequest {
  sheetName: string;
  startCell: string;
  tableName: string;
  columns: { name: string; type: ColumnType }[];
  rows: ExcelCell[][];
  /** Bytes one context.sync() may carry, values and formats together (default 4 MB). */
  requestBudgetBytes?: number;
  onProgress?: (written: number, total: number) => void;
  isCanceled?: () => boolean;
}

export interface TableWriteResult {
  address: string;
  rows: number;
  syncs: number;
  canceled: boolean;
  /** A refresh canceled while writing keeps the rows it wrote in a table of this name. */
  partialTable: string | null;
}

/** The name of the table that holds what a canceled refresh had written. */
export function partialTableName(tableName: string): string {
  return `${tableName}_partial`;
}

/**
 * Writes rows into a new Excel table (replacing a table of the same name, which is how a refresh
 * works). Everything is checked against the sheet's limits before anything is written. Values go
 * in chunks sized by bytes, each in its own request with calculation suspended; then one small
 * request makes the table and sets each column's number format once for the whole column.
 */
export async function writeTable(context: Excel.RequestContext, request: TableWriteRequest): Promise<TableWriteResult> {
  const start = parseCell(request.startCell);
  if (!start) throw new Error(`"${request.startCell}" is not a cell address like A1.`);
  const width = request.columns.length;
  if (width === 0) throw new Error("Choose at least one field to import.");
  const total = request.rows.length;
  const problem = tableLimitProblem(start, total, width);
  if (problem) throw new WorkbookLimitError(problem);
  const chunks = planChunks(request.rows, request.requestBudgetBytes ?? DEFAULT_REQUEST_BUDGET_BYTES);
  // A table needs at least one body row; an empty import keeps one empty row.
  const height = 1 + Math.max(total, 1);
  const quotedSheet = `'${request.sheetName.replace(/'/g, "''")}'`;
  let syncs = 0;
  const sync = async () => {
    syncs += 1;
    await context.sync();
  };

  const worksheets = context.workbook.worksheets;
  let sheet = worksheets.getItemOrNullObject(request.sheetName);
  const previous = context.workbook.tables.getItemOrNullObject(request.tableName);
  const previousPartial = context.workbook.tables.getItemOrNullObject(partialTableName(request.tableName));
  await sync();
  const addedSheet = sheet.isNullObject;
  if (addedSheet) sheet = worksheets.add(request.sheetName);
  // A refresh drops the old rows before writing the new ones: from then on a cancel cannot
  // bring them back, so it keeps what it wrote as a partial table instead.
  const replacing = !previous.isNullObject;
  for (const old of [previous, previousPartial]) {
    if (old.isNullObject) continue;
    // Clear first: a range taken from a table is resolved when first used, so not after the table is gone.
    old.getRange().clear();
    old.delete();
  }
  sheet.getRange(blockAddress(start, 1, width)).values = [request.columns.map((c) => c.name)];
  await sync();

  let written = 0;
  for (const chunk of chunks) {
    if (request.isCanceled?.()) {
      if (replacing) {
        const partial = partialTableName(request.tableName);
        const address = blockAddress(start, 1 + Math.max(written, 1), width);
        const table = sheet.tables.add(`${quotedSheet}!${address}`, true);
        table.name = partial;
        table.style = "TableStyleLight1";
        await sync();
        return {
          address: `${request.sheetName}!${address}`,
          rows: written,
          syncs,
          canceled: true,
          partialTable: partial,
        };
      }
      // A new import: take back every cell it wrote, and the sheet if it added one.
      if (addedSheet) sheet.delete();
      else sheet.getRange(blockAddress(start, 1 + written, width)).clear();
      await sync();
      return { address: "", rows: written, syncs, canceled: true, partialTable: null };
    }
    context.workbook.application.suspendApiCalculationUntilNextSync();
    const slice = request.rows.slice(chunk.from, chunk.to);
    sheet.getRange(blockAddress(rowBelow(start, 1 + chunk.from), slice.length, width)).values = slice;
    await sync();
    written = chunk.to;
    request.onProgress?.(written, total);
  }

  const address = blockAddress(start, height, width);
  const table = sheet.tables.add(`${quotedSheet}!${address}`, true);
  table.name = request.tableName;
  table.style = "TableStyleMedium2";
  table.getHeaderRowRange().format.font.bold = true;
  request.columns.forEach((column, index) => {
    const format = numberFormatFor(column.type);
    if (!format || total === 0) return;
    // One format for the whole column: Excel applies a 1x1 array to every cell of the range.
    sheet.getRange(blockAddress({ column: start.column + index, row: start.row + 1 }, total, 1)).numberFormat = [
      [format],
    ];
  });
  sheet.getRange(blockAddress(start, 1, width)).format.autofitColumns();
  await sync();
  request.onProgress?.(total, total);
  return { address: `${request.sheetName}!${address}`, rows: total, syncs, canceled: false, partialTable: null };
}

function rowBelow(start: CellRef, offset: number): CellRef {
  return { column: start.column, row: start.row + offset };
}

/** An Excel table name from a Layer table id: letters, digits and underscores, starting with a letter. */
export function tableNameFor(tableId: string, taken: ReadonlySet<string> = new Set()): string {
  const base = `Layer_${tableId.replace(/[^A-Za-z0-9_]/g, "_")}`.slice(0, 200);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${base}_${n}`;
  return name;
}
