import type { Sheet, Spreadsheet } from "../apps-script/services.js";
import { UserFacingError } from "../context.js";
import type { ImportDefinition } from "./definition.js";

/** Google Sheets holds 10 million cells per spreadsheet, every sheet and empty cell counted. */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** A sheet Sheets inserts has 1,000 rows × 26 columns, counted from the moment it exists. */
export const NEW_SHEET_CELLS = 1_000 * 26;

/** The grid an import will leave behind, worked out before anything is written. */
export interface GridPlan {
  /** The destination sheet does not exist yet: it is created at exactly this size. */
  newSheet: boolean;
  rows: number;
  columns: number;
  /** Cells of every other sheet in the spreadsheet. */
  otherCells: number;
  /** Cells of the whole spreadsheet once the import is done. */
  totalCells: number;
}

const count = (n: number): string => n.toLocaleString("en-US");

function cellsOf(sheet: Sheet): number {
  return sheet.getMaxRows() * sheet.getMaxColumns();
}

/**
 * The grid for `rows` data rows × `columns` columns at the import's destination: a new sheet
 * gets exactly the header and the rows (not Sheets' 26 columns, which would waste the
 * spreadsheet's 10-million-cell limit), an existing sheet only grows. Refuses, before anything
 * is written, an import the spreadsheet cannot hold.
 */
export function planGrid(
  spreadsheet: Spreadsheet,
  definition: ImportDefinition,
  columns: number,
  rows: number,
): GridPlan {
  const { sheetName, row, column } = definition.destination;
  const existing = spreadsheet.getSheetByName(sheetName);
  // The header row, then at least one row so that the header can be frozen.
  const needRows = row + Math.max(1, rows);
  const needColumns = column + Math.max(1, columns) - 1;
  const plan = {
    newSheet: existing === null,
    rows: existing ? Math.max(existing.getMaxRows(), needRows) : needRows,
    columns: existing ? Math.max(existing.getMaxColumns(), needColumns) : needColumns,
    otherCells: spreadsheet
      .getSheets()
      .filter((s) => s.getName() !== sheetName)
      .reduce((n, s) => n + cellsOf(s), 0),
  };
  const totalCells = plan.otherCells + plan.rows * plan.columns;
  // Inserting the sheet takes its first 26,000 cells before it is cut to size.
  const peak = Math.max(totalCells, plan.newSheet ? plan.otherCells + NEW_SHEET_CELLS : 0);
  if (peak > SPREADSHEET_CELL_LIMIT) {
    const startsBig = peak > totalCells ? "; a new sheet starts at 1,000 rows × 26 columns" : "";
    throw new UserFacingError(
      `This import needs ${count(peak - plan.otherCells)} cells (${count(rows)} rows × ${count(columns)} columns${startsBig}) ` +
        `and the rest of this spreadsheet uses ${count(plan.otherCells)}: Google Sheets holds ${count(SPREADSHEET_CELL_LIMIT)} cells per spreadsheet. ` +
        "Nothing was written. Import fewer columns, a filtered table, or into a new spreadsheet.",
    );
  }
  return { ...plan, totalCells };
}

/** Creates the destination at the planned size, or grows an existing sheet to it. */
export function shapeGrid(spreadsheet: Spreadsheet, definition: ImportDefinition, plan: GridPlan): Sheet {
  const name = definition.destination.sheetName;
  const sheet = spreadsheet.getSheetByName(name) ?? spreadsheet.insertSheet(name);
  // Cut first, then grow: the spreadsheet never holds more than the plan counted.
  const columns = sheet.getMaxColumns();
  if (columns > plan.columns) sheet.deleteColumns(plan.columns + 1, columns - plan.columns);
  const rows = sheet.getMaxRows();
  if (rows > plan.rows) sheet.deleteRows(plan.rows + 1, rows - plan.rows);
  if (sheet.getMaxColumns() < plan.columns)
    sheet.insertColumnsAfter(sheet.getMaxColumns(), plan.columns - sheet.getMaxColumns());
  if (sheet.getMaxRows() < plan.rows) sheet.insertRowsAfter(sheet.getMaxRows(), plan.rows - sheet.getMaxRows());
  return sheet;
}
