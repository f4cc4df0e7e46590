import type { Column } from "@layer/contracts";
import type { Sheet, Spreadsheet } from "../apps-script/services.js";
import { numberFormat } from "./cells.js";
import type { ImportDefinition } from "./definition.js";

export const HEADER_BACKGROUND = "#e8f0fe";
export const HEADER_COLOR = "#174ea6";

export function destinationSheet(spreadsheet: Spreadsheet, definition: ImportDefinition): Sheet {
  const { sheetName } = definition.destination;
  return spreadsheet.getSheetByName(sheetName) ?? spreadsheet.insertSheet(sheetName);
}

/** Grows the grid so that `lastRow`/`lastColumn` exist: writing outside it throws in Sheets. */
export function ensureGrid(sheet: Sheet, lastRow: number, lastColumn: number): void {
  const rows = sheet.getMaxRows();
  if (rows < lastRow) sheet.insertRowsAfter(rows, lastRow - rows);
  const columns = sheet.getMaxColumns();
  if (columns < lastColumn) sheet.insertColumnsAfter(columns, lastColumn - columns);
}

/** Clears the previous run's block, writes a formatted header, and sets each column's format. */
export function prepareDestination(
  sheet: Sheet,
  definition: ImportDefinition,
  columns: Column[],
  totalRows: number,
): void {
  const { row, column } = definition.destination;
  ensureGrid(sheet, row + Math.max(1, totalRows), column + columns.length - 1);
  const old = definition.extent;
  if (old && old.rows > 0 && old.columns > 0) sheet.getRange(row + 1, column, old.rows, old.columns).clearContent();
  const header = sheet.getRange(row, column, 1, columns.length);
  header.setValues([columns.map((c) => c.name)]);
  header.setFontWeight("bold").setBackground(HEADER_BACKGROUND).setFontColor(HEADER_COLOR);
  if (row === 1) sheet.setFrozenRows(1);
  // One call per column over the whole block, not per batch: formats are set once per run.
  const rows = Math.max(1, totalRows);
  columns.forEach((c, i) => {
    const format = numberFormat(c);
    if (format) sheet.getRange(row + 1, column + i, rows, 1).setNumberFormat(format);
  });
}

/** One setValues per page: Sheets calls cost far more per call than per cell. */
export function writeRows(sheet: Sheet, definition: ImportDefinition, offset: number, values: unknown[][]): void {
  if (values.length === 0) return;
  const width = values[0]?.length ?? 0;
  if (width === 0) return;
  const { row, column } = definition.destination;
  const first = row + 1 + offset;
  ensureGrid(sheet, first + values.length - 1, column + width - 1);
  sheet.getRange(first, column, values.length, width).setValues(values);
}
