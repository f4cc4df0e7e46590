import type { Column, Row } from "@layer/contracts";
import type { Utilities } from "../apps-script/services.js";

export type Cell = string | number | boolean | Date;

/** Sheets number formats per Layer column type; strings as plain text so "00123" stays text. */
export function numberFormat(column: Column): string | null {
  switch (column.type) {
    case "date":
      return "yyyy-mm-dd";
    case "datetime":
      return "yyyy-mm-dd hh:mm:ss";
    case "string":
      return "@";
    default:
      return null;
  }
}

/**
 * Converts rows to typed cells. Dates are midnight in the spreadsheet's time zone (a bare
 * `new Date(y, m, d)` would use the script's zone and shift the day); one parse per distinct date.
 */
export function createCellConverter(utilities: Utilities, timeZone: string) {
  const dates = new Map<string, Date>();
  function date(value: string): Date | string {
    let parsed = dates.get(value);
    if (!parsed) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      parsed = utilities.parseDate(value, timeZone, "yyyy-MM-dd") as Date;
      dates.set(value, parsed);
    }
    return parsed;
  }
  function cell(column: Column, value: Row[string]): Cell {
    if (value === null || value === undefined) return "";
    switch (column.type) {
      case "number":
        return typeof value === "number" ? value : Number(value);
      case "boolean":
        return typeof value === "boolean" ? value : value === "true";
      case "date":
        return date(String(value));
      case "datetime": {
        const instant = new Date(String(value));
        return Number.isNaN(instant.getTime()) ? String(value) : instant;
      }
      default: {
        const text = String(value);
        // A leading = + - @ would make Sheets read the text as a formula: data must stay data.
        return /^[=+\-@]/.test(text) ? `'${text}` : text;
      }
    }
  }
  return (columns: Column[], rows: Row[]): Cell[][] =>
    rows.map((row) => columns.map((column) => cell(column, row[column.name] ?? null)));
}
