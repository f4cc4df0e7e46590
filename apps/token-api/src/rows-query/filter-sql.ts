import type { TypedFilter, TypedValue } from "@layer/contracts";
import { columnSql, type Params } from "./column-sql.js";

const UPPER = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
const LOWER = "'abcdefghijklmnopqrstuvwxyz'";
const OPS = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" } as const;

/**
 * A checked filter as a SQL condition on `table_rows`, every value a parameter. Each condition is
 * two-valued (true or false, never null) so that `not` means what `evaluateFilter` says it means:
 * a comparison with a null cell is false, `ne` is true for a null cell. A comparison with a value
 * keeps the plain `x < $n` shape (next to `x IS NOT NULL`) so that a column's index can serve it.
 */
export function filterSql(filter: TypedFilter, params: Params): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `(${filterSql(filter.left, params)} ${filter.kind.toUpperCase()} ${filterSql(filter.right, params)})`;
    case "not":
      return `(NOT ${filterSql(filter.operand, params)})`;
    case "test":
      return `(${valueSql(filter.value, params)} IS TRUE)`;
    case "in": {
      const v = valueSql(filter.value, params);
      const values = filter.list.filter((l) => l.type !== "null");
      const hasNull = values.length < filter.list.length;
      const parts: string[] = [];
      if (values.length > 0)
        parts.push(`(${v} IS NOT NULL AND ${v} IN (${values.map((l) => valueSql(l, params)).join(", ")}))`);
      if (hasNull) parts.push(`(${v} IS NULL)`);
      return `(${parts.join(" OR ")})`;
    }
    case "compare": {
      const { left, right, op } = filter;
      const leftNull = left.kind === "literal" && left.type === "null";
      const rightNull = right.kind === "literal" && right.type === "null";
      if (leftNull && rightNull) return op === "eq" ? "TRUE" : "FALSE";
      if (leftNull || rightNull) {
        const other = valueSql(leftNull ? right : left, params);
        return `(${other} IS ${op === "eq" ? "" : "NOT "}NULL)`;
      }
      const a = valueSql(left, params);
      const b = valueSql(right, params);
      if (op === "ne") return `(${a} IS DISTINCT FROM ${b})`;
      // A rendered value may appear twice: it refers to the same parameters both times.
      const checks = [
        ...(left.kind === "literal" ? [] : [`${a} IS NOT NULL`]),
        ...(right.kind === "literal" ? [] : [`${b} IS NOT NULL`]),
      ];
      if (op === "eq" && checks.length === 2) return `(${a} IS NOT DISTINCT FROM ${b})`;
      return `(${[...checks, `${a} ${OPS[op]} ${b}`].join(" AND ")})`;
    }
  }
}

/** A value as SQL; its literals become parameters. */
function valueSql(v: TypedValue, params: Params): string {
  if (v.kind === "literal") {
    if (v.type === "null") return "NULL";
    return params.add(v.type === "boolean" ? String(v.value) : v.value, v.type);
  }
  if (v.kind === "column") return columnSql(v.column);
  const [first, second] = v.args;
  const x = valueSql(first!, params);
  const dt = first!.valueType === "datetime";
  const utc = dt ? `(${x} AT TIME ZONE 'UTC')` : `(${x})::date`;
  switch (v.name) {
    case "tolower":
      return `translate(${x}, ${UPPER}, ${LOWER})`;
    case "toupper":
      return `translate(${x}, ${LOWER}, ${UPPER})`;
    case "length":
      return `char_length(${x})`;
    case "startswith":
    case "endswith":
    case "contains": {
      if (second?.kind !== "literal" || second.type !== "string") throw new Error("checked: a text literal");
      const escaped = second.value.replace(/[\\%_]/g, (c) => `\\${c}`);
      const pattern = v.name === "startswith" ? `${escaped}%` : v.name === "endswith" ? `%${escaped}` : `%${escaped}%`;
      return `(${x} LIKE ${params.add(pattern, "string")})`;
    }
    case "date":
      return dt ? `(to_char(${utc}, 'YYYY-MM-DD') COLLATE "C")` : x;
    case "second":
      return `floor(extract(second from ${utc}))::int`;
    default:
      return `extract(${v.name} from ${utc})::int`;
  }
}
