/** A1 addresses, enough for placing a table: column letters, a top-left cell, a block. */

export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface CellRef {
  column: number; // 0-based
  row: number; // 1-based, as Excel shows it
}

/** A worksheet's size in every Excel since 2007. */
export const SHEET_ROWS = 1_048_576;
export const SHEET_COLUMNS = 16_384;

/** Parses "B3" (or "$B$3"); null for anything else. */
export function parseCell(address: string): CellRef | null {
  const match = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/.exec(address.trim());
  if (!match) return null;
  const column = columnIndex(match[1]!);
  const row = Number(match[2]);
  if (column >= SHEET_COLUMNS || row > SHEET_ROWS) return null;
  return { column, row };
}

/** "B3:D10" for a block of `rows` x `columns` whose top-left is `start`. */
export function blockAddress(start: CellRef, rows: number, columns: number): string {
  const first = `${columnLetters(start.column)}${start.row}`;
  const last = `${columnLetters(start.column + columns - 1)}${start.row + rows - 1}`;
  return `${first}:${last}`;
}
