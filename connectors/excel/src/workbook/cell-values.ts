import type { CellValue, ColumnType } from "@layer/contracts";

export type ExcelCell = string | number | boolean;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Excel's serial date (days since 1899-12-30, the 1900 system) for a UTC instant. */
export function excelSerial(ms: number): number {
  return (ms - EXCEL_EPOCH_MS) / DAY_MS;
}

/**
 * A JSON cell from the API as a typed Excel value: dates become serial numbers (so they sort and
 * compute as dates), null becomes an empty cell, and text that Excel would read as a formula is
 * kept as text: a value from a shared data source must never run as a formula in the workbook.
 */
export function toExcelCell(value: CellValue | undefined, type: ColumnType): ExcelCell {
  if (value === null || value === undefined) return "";
  if ((type === "date" || type === "datetime") && typeof value === "string") {
    const ms = Date.parse(type === "date" ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(ms)) return excelSerial(ms);
  }
  if (typeof value === "string") return /^[=+\-@]/.test(value) ? `'${value}` : value;
  return value;
}

/** The number format a column gets after its values are written; null keeps General. */
export function numberFormatFor(type: ColumnType): string | null {
  if (type === "date") return "yyyy-mm-dd";
  if (type === "datetime") return "yyyy-mm-dd hh:mm:ss";
  return null;
}
