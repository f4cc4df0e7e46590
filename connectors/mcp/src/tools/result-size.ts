/**
 * A page of rows sized for a model's context window: 100 rows unless asked, never more than
 * MAX_ROWS rows or MAX_ROWS_BYTES bytes of row JSON (about 16k tokens); a cursor continues.
 */
export const DEFAULT_ROWS = 100;
export const MAX_ROWS = 1_000;
export const MAX_ROWS_BYTES = 64 * 1024;

/** How many leading rows fit in the byte cap, as JSON; at least one, so that paging always moves on. */
export function rowsWithinBytes(rows: readonly unknown[], maxBytes = MAX_ROWS_BYTES): number {
  let bytes = 2; // the array's brackets
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(rows[i])) + (i > 0 ? 1 : 0);
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return rows.length;
}
