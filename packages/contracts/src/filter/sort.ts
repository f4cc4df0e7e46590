import type { Column } from "../projects.js";
import { FILTER_LIMITS, FilterError } from "./ast.js";

export interface SortKey {
  column: Column;
  descending: boolean;
}

/**
 * `$orderby` style: `amount desc, customer` (asc is the default; a quoted name for odd column
 * names: `"Order Date" desc`). Nulls come first ascending and last descending, as in OData.
 */
export function parseSort(source: string, columns: readonly Column[]): SortKey[] {
  if (source.length > 1_000) throw new FilterError(1_001, "the sort is longer than 1000 characters");
  const byName = new Map(columns.map((c) => [c.name, c]));
  const keys: SortKey[] = [];
  const name = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*))/y;
  const direction = /\s+(asc|desc)\b/y;
  const separator = /\s*(,|$)/y;
  let i = 0;
  for (;;) {
    name.lastIndex = i;
    const m = name.exec(source);
    if (!m)
      throw new FilterError(
        i + 1 + (source.slice(i).length - source.slice(i).trimStart().length),
        "expected a column name",
      );
    const at = i + 1 + (m[0].length - m[0].trimStart().length);
    const columnName = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!;
    if (keys.length === FILTER_LIMITS.maxSortColumns)
      throw new FilterError(at, `a sort names at most ${FILTER_LIMITS.maxSortColumns} columns`);
    const column = byName.get(columnName);
    if (!column) throw new FilterError(at, `unknown column "${columnName.slice(0, 64)}"`);
    if (keys.some((k) => k.column.name === columnName))
      throw new FilterError(at, `the column "${columnName}" is sorted twice`);
    i = name.lastIndex;
    direction.lastIndex = i;
    const d = direction.exec(source);
    if (d) i = direction.lastIndex;
    keys.push({ column, descending: d?.[1] === "desc" });
    separator.lastIndex = i;
    const sep = separator.exec(source);
    if (!sep) {
      const skipped = source.slice(i).length - source.slice(i).trimStart().length;
      throw new FilterError(i + 1 + skipped, 'expected "asc", "desc", "," or the end of the sort');
    }
    i = separator.lastIndex;
    if (sep[1] === "") return keys;
    if (i >= source.length || source.slice(i).trim() === "")
      throw new FilterError(i + 1, 'a column name was expected after ","');
  }
}

/** The canonical text of a sort (what a cursor remembers). */
export const formatSort = (keys: readonly SortKey[]): string =>
  keys
    .map(
      (k) =>
        `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k.column.name) ? k.column.name : `"${k.column.name.replace(/"/g, '""')}"`}${k.descending ? " desc" : ""}`,
    )
    .join(",");
