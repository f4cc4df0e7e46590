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
  const item = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*))(?:\s+(asc|desc))?\s*(,|$)/y;
  let i = 0;
  while (i < source.length || keys.length === 0) {
    item.lastIndex = i;
    const m = item.exec(source);
    if (!m) throw new FilterError(i + 1, 'expected a column name, then "asc" or "desc", then "," or the end');
    const at = i + 1 + (m[0].length - m[0].trimStart().length);
    const name = m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!;
    const column = byName.get(name);
    if (!column) throw new FilterError(at, `unknown column "${name.slice(0, 64)}"`);
    if (keys.some((k) => k.column.name === name)) throw new FilterError(at, `the column "${name}" is sorted twice`);
    keys.push({ column, descending: m[3] === "desc" });
    if (keys.length > FILTER_LIMITS.maxSortColumns)
      throw new FilterError(at, `a sort names at most ${FILTER_LIMITS.maxSortColumns} columns`);
    i += m[0].length;
    if (m[4] === "," && i >= source.length) throw new FilterError(i + 1, 'a column name was expected after ","');
  }
  return keys;
}

/** The canonical text of a sort (what a cursor remembers). */
export const formatSort = (keys: readonly SortKey[]): string =>
  keys
    .map(
      (k) =>
        `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k.column.name) ? k.column.name : `"${k.column.name.replaceAll('"', '""')}"`}${k.descending ? " desc" : ""}`,
    )
    .join(",");
