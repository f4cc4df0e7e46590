import type { ColumnType } from "@layer/contracts";
import { blockAddress, fitsOnSheet, parseCell, type CellRef } from "./a1.js";
import { numberFormatFor, type ExcelCell } from "./cell-values.js";

export interface TableWriteRequest {
  sheetName: string;
  startCell: string;
  tableName: string;
  columns: { name: string; type: ColumnType }[];
  rows: ExcelCell[][];
  /** Rows per context.sync(); PLATFORM.md: 5k-20k keeps each payload well under the host's limits. */
  chunkRows?: number;
  onProgress?: (written: number, total: number) => void;
  isCanceled?: () => boolean;
}

export interface TableWriteResult {
  address: string;
  rows: number;
  syncs: number;
  canceled: boolean;
}

export const DEFAULT_CHUNK_ROWS = 10_000;
export const MIN_CHUNK_ROWS = 5_000;
export const MAX_CHUNK_ROWS = 20_000;

/**
 * Writes rows into a new Excel table (replacing a table of the same name, which is how a refresh
 * works): values in chunks with calculation suspended until each sync, and only then the formats
 * (table style, bold header, date formats), so formatting never slows the bulk of the write.
 */
export async function writeTable(context: Excel.RequestContext, request: TableWriteRequest): Promise<TableWriteResult> {
  const start = parseCell(request.startCell);
  if (!start) throw new Error(`"${request.startCell}" is not a cell address like A1.`);
  const width = request.columns.length;
  if (width === 0) throw new Error("Choose at least one field to import.");
  const total = request.rows.length;
  // A table needs at least one body row; an empty import keeps one empty row.
  const height = 1 + Math.max(total, 1);
  if (!fitsOnSheet(start, height, width))
    throw new Error(`${total} rows do not fit on a worksheet below ${request.startCell}.`);
  const chunk = Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, request.chunkRows ?? DEFAULT_CHUNK_ROWS));
  let syncs = 0;
  const sync = async () => {
    syncs += 1;
    await context.sync();
  };

  const worksheets = context.workbook.worksheets;
  let sheet = worksheets.getItemOrNullObject(request.sheetName);
  const previous = context.workbook.tables.getItemOrNullObject(request.tableName);
  await sync();
  if (sheet.isNullObject) sheet = worksheets.add(request.sheetName);
  // A refresh has dropped the old rows by the time it writes: cancelling then would leave the
  // import with no table at all, so only a new import can be cancelled while writing.
  const cancellable = previous.isNullObject;
  if (!previous.isNullObject) {
    // Refresh: drop the old table and its cells, then write the new rows in its place.
    const oldRange = previous.getRange();
    previous.delete();
    oldRange.clear();
  }
  sheet.getRange(blockAddress(start, 1, width)).values = [request.columns.map((c) => c.name)];
  await sync();

  let written = 0;
  while (written < total) {
    if (cancellable && request.isCanceled?.()) {
      sheet.getRange(blockAddress(start, 1 + written, width)).clear();
      await sync();
      return { address: "", rows: written, syncs, canceled: true };
    }
    const slice = request.rows.slice(written, written + chunk);
    context.workbook.application.suspendApiCalculationUntilNextSync();
    sheet.getRange(blockAddress(rowBelow(start, 1 + written), slice.length, width)).values = slice;
    await sync();
    written += slice.length;
    request.onProgress?.(written, total);
  }

  const address = blockAddress(start, height, width);
  const table = sheet.tables.add(`'${request.sheetName.replace(/'/g, "''")}'!${address}`, true);
  table.name = request.tableName;
  table.style = "TableStyleMedium2";
  table.getHeaderRowRange().format.font.bold = true;
  request.columns.forEach((column, index) => {
    const format = numberFormatFor(column.type);
    if (!format || total === 0) return;
    for (let from = 0; from < total; from += chunk) {
      const rows = Math.min(chunk, total - from);
      const cells = sheet.getRange(blockAddress({ column: start.column + index, row: start.row + 1 + from }, rows, 1));
      cells.numberFormat = Array.from({ length: rows }, () => [format]);
    }
  });
  sheet.getRange(blockAddress(start, 1, width)).format.autofitColumns();
  await sync();
  request.onProgress?.(total, total);
  return { address: `${request.sheetName}!${address}`, rows: total, syncs, canceled: false };
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
