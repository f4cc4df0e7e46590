import type { CellValue, Row, TableSchema } from "../projects.js";
import { checkFilter, type TypedFilter, type TypedValue } from "./check.js";
import { parseFilter } from "./parse.js";
import { parseSort, type SortKey } from "./sort.js";

/**
 * What a filter means, in plain JavaScript: the executable statement of the semantics the SQL
 * compiler must match (tests compare the two on thousands of generated filters).
 *
 * - Two-valued logic: a comparison involving a null is false, except `eq null`/`ne null`;
 *   `x ne 'a'` is true when x is null (as in OData and Power Query), `not` is plain negation.
 * - Text compares by code point; `tolower`/`toupper` change the ASCII letters only.
 * - Dates are `YYYY-MM-DD`; datetimes compare as instants, their parts in UTC.
 */
export function evaluateFilter(filter: TypedFilter, row: Row): boolean {
  switch (filter.kind) {
    case "and":
      return evaluateFilter(filter.left, row) && evaluateFilter(filter.right, row);
    case "or":
      return evaluateFilter(filter.left, row) || evaluateFilter(filter.right, row);
    case "not":
      return !evaluateFilter(filter.operand, row);
    case "test":
      return valueIn(filter.value, row) === true;
    case "in": {
      const v = valueIn(filter.value, row);
      return filter.list.some((l) => same(v, valueIn(l, row)));
    }
    case "compare": {
      const a = valueIn(filter.left, row);
      const b = valueIn(filter.right, row);
      if (filter.op === "eq") return same(a, b);
      if (filter.op === "ne") return !same(a, b);
      if (a === null || b === null) return false;
      const c = compareValues(a, b);
      return filter.op === "gt" ? c > 0 : filter.op === "ge" ? c >= 0 : filter.op === "lt" ? c < 0 : c <= 0;
    }
  }
}

type Value = string | number | boolean | null;

const same = (a: Value, b: Value): boolean => (a === null || b === null ? a === b : compareValues(a, b) === 0);

function compareValues(a: Value, b: Value): number {
  if (typeof a === "string" && typeof b === "string") return compareText(a, b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Code point order (what PostgreSQL's "C" collation gives for UTF-8). */
export function compareText(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Datetimes become epoch milliseconds so that two spellings of one instant are equal. */
function valueIn(v: TypedValue, row: Row): Value {
  if (v.kind === "literal")
    return v.type === "datetime" ? Date.parse(v.value) : v.type === "number" ? Number(v.value) : v.value;
  if (v.kind === "column") {
    const cell: CellValue | undefined = row[v.column.name];
    if (cell === undefined || cell === null) return null;
    return v.valueType === "datetime" ? Date.parse(cell as string) : cell;
  }
  const args = v.args.map((a) => valueIn(a, row));
  const x = args[0] ?? null;
  if (x === null) return null;
  switch (v.name) {
    case "tolower":
      return (x as string).replace(/[A-Z]+/g, (s) => s.toLowerCase());
    case "toupper":
      return (x as string).replace(/[a-z]+/g, (s) => s.toUpperCase());
    case "length":
      return [...(x as string)].length;
    case "startswith":
      return (x as string).startsWith(args[1] as string);
    case "endswith":
      return (x as string).endsWith(args[1] as string);
    case "contains":
      return (x as string).includes(args[1] as string);
    case "date":
      return typeof x === "number" ? new Date(x).toISOString().slice(0, 10) : x;
    default: {
      const d = typeof x === "number" ? new Date(x) : new Date(`${x as string}T00:00:00Z`);
      const parts = {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      };
      return parts[v.name];
    }
  }
}

/** The order of a sort (nulls first ascending, last descending), ties broken by `tieBreak`. */
export function compareRows(keys: readonly SortKey[], a: Row, b: Row): number {
  for (const k of keys) {
    const x = cellOrder(a[k.column.name], k.column.type);
    const y = cellOrder(b[k.column.name], k.column.type);
    let c: number;
    if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
    else c = compareValues(x, y);
    if (c !== 0) return k.descending ? -c : c;
  }
  return 0;
}

/**
 * The rows a filter and sort select, in the order the API serves them: the sort, then the primary
 * key in the direction of the first sort column (ascending without a sort), so the order is total.
 * What a connector's tests compare the API's pages with.
 */
export function selectRows(
  rows: readonly Row[],
  table: Pick<TableSchema, "columns" | "primaryKey">,
  query: { filter?: string | undefined; sort?: string | undefined },
): Row[] {
  const typed = query.filter ? checkFilter(parseFilter(query.filter), table.columns) : undefined;
  const keys = query.sort ? parseSort(query.sort, table.columns) : [];
  const key = table.columns.find((c) => c.name === table.primaryKey);
  const order = key ? [...keys, { column: key, descending: keys[0]?.descending ?? false }] : keys;
  return rows.filter((row) => !typed || evaluateFilter(typed, row)).sort((a, b) => compareRows(order, a, b));
}

const cellOrder = (cell: CellValue | undefined, type: string): Value =>
  cell === undefined || cell === null
    ? null
    : type === "datetime"
      ? Date.parse(cell as string)
      : type === "boolean"
        ? Number(cell)
        : cell;
