import { blockAddress, type CellRef, columnLetters, SHEET_COLUMNS, SHEET_ROWS } from "./a1.js";

export { SHEET_COLUMNS, SHEET_ROWS };
/** Excel on the web refuses a range operation (values, formats, a table) on more cells than this. */
export const RANGE_CELL_LIMIT = 5_000_000;
/**
 * Excel on the web refuses a request (one context.sync()) over 5 MB with
 * RequestPayloadSizeLimitExceeded. Counted as 5,000,000 bytes: the smaller reading of "5 MB".
 */
export const REQUEST_PAYLOAD_LIMIT_BYTES = 5_000_000;
/** What the writer lets one request carry by default: a fifth below the limit, for Office's own envelope. */
export const DEFAULT_REQUEST_BUDGET_BYTES = 4_000_000;

/** A refusal that comes before anything is written, with what to change. */
export class WorkbookLimitError extends Error {
  override readonly name = "WorkbookLimitError";
}

const n = (value: number) => value.toLocaleString("en-US");

/**
 * Why a table of `rows` data rows (plus its header) and `columns` columns at `start` cannot be
 * written, in words that say what to change; null when it fits.
 */
export function tableLimitProblem(start: CellRef, rows: number, columns: number): string | null {
  const height = 1 + Math.max(rows, 1);
  const at = `${columnLetters(start.column)}${start.row}`;
  if (start.column + columns > SHEET_COLUMNS) {
    const room = SHEET_COLUMNS - start.column;
    return `${n(columns)} fields do not fit right of ${at}: a worksheet ends at column XFD. Choose at most ${n(room)} fields, or start further left.`;
  }
  if (start.row + height - 1 > SHEET_ROWS) {
    const room = SHEET_ROWS - start.row;
    return `${n(rows)} rows do not fit below ${at}: a worksheet has ${n(SHEET_ROWS)} rows. Set "Rows at most" to ${n(room)} or fewer, or start higher on the sheet.`;
  }
  const cells = height * columns;
  if (cells > RANGE_CELL_LIMIT) {
    const fewerRows = Math.floor(RANGE_CELL_LIMIT / columns) - 1;
    const fewerFields = Math.floor(RANGE_CELL_LIMIT / height);
    const options = [
      fewerFields >= 1 ? `choose at most ${n(fewerFields)} fields` : null,
      `set "Rows at most" to ${n(fewerRows)} or fewer`,
    ].filter(Boolean);
    return `${n(rows)} rows × ${n(columns)} fields make a table of ${n(cells)} cells (${blockAddress(start, height, columns)}); Excel handles at most ${n(RANGE_CELL_LIMIT)} cells in one table. To import it, ${options.join(", or ")}.`;
  }
  return null;
}
