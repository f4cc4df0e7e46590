import type { Column } from "../projects.js";
import { filterColumn, filterText } from "./format.js";

export class ConditionError extends Error {
  override readonly name = "ConditionError";
  constructor(
    readonly condition: number,
    readonly problem: string,
  ) {
    super(`condition ${condition}: ${problem}`);
  }
}

/** One row of a condition builder (the Sheets sidebar, the Excel task pane): column, operator, value. */
export interface FilterCondition {
  column: string;
  op: "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "startswith" | "endswith" | "contains" | "isnull" | "notnull";
  /** What the user typed; ignored by `isnull`/`notnull`. */
  value?: string | number | boolean | null;
}

/**
 * Builder rows as one filter in the API's language, joined by `and` (or `or`): the one way a
 * connector's builder hands a filter to the token client. A value is written as its column's type
 * wants it (text quoted, numbers and dates bare); a value that does not fit is a ConditionError
 * naming the condition at fault (1-based), for the builder to mark that row.
 */
export function filterFromConditions(
  conditions: readonly FilterCondition[],
  columns: readonly Column[],
  join: "and" | "or" = "and",
): string {
  const parts = conditions.map((c, i) => {
    const column = columns.find((col) => col.name === c.column);
    if (!column) throw new ConditionError(i + 1, `unknown column "${c.column}"`);
    const name = filterColumn(column.name);
    if (c.op === "isnull" || c.op === "notnull") return `${name} ${c.op === "isnull" ? "eq" : "ne"} null`;
    const raw = c.value === undefined || c.value === null ? "" : String(c.value).trim();
    if (c.op === "startswith" || c.op === "endswith" || c.op === "contains") {
      if (column.type !== "string")
        throw new ConditionError(i + 1, `${c.op} needs a text column; ${column.name} is ${column.type}`);
      return `${c.op}(${name}, ${filterText(raw)})`;
    }
    return `${name} ${c.op} ${literal(raw, column, i + 1)}`;
  });
  return parts.length > 1 ? parts.map((p) => `(${p})`).join(` ${join} `) : (parts[0] ?? "");
}

function literal(raw: string, column: Column, at: number): string {
  const bad = () => new ConditionError(at, `"${raw}" is not a ${column.type} value for ${column.name}`);
  switch (column.type) {
    case "string":
      return filterText(raw);
    case "number":
      if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) throw bad();
      return raw;
    case "boolean":
      if (!/^(true|false)$/i.test(raw)) throw bad();
      return raw.toLowerCase();
    case "date":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw bad();
      return raw;
    case "datetime":
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) throw bad();
      return raw;
  }
}
