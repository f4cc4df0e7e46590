import type { FilterNode, ValueNode } from "./ast.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORDS = new Set(["and", "or", "not", "in", "eq", "ne", "gt", "ge", "lt", "le", "true", "false", "null"]);

/** A column name as the filter language writes it: bare when it can be, double-quoted otherwise. */
export const filterColumn = (name: string): string =>
  IDENTIFIER.test(name) && !WORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;

/** A text value in quotes, a quote inside doubled. */
export const filterText = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * A parsed filter written back as text, each column renamed by `column` (the Power BI proxy's
 * property names become the API's column names). Fully parenthesised, so precedence survives.
 */
export function formatFilter(node: FilterNode, column: (name: string) => string = (n) => n): string {
  const value = (v: ValueNode): string => {
    if (v.kind === "column") return filterColumn(column(v.name));
    if (v.kind === "call") return `${v.name}(${v.args.map(value).join(", ")})`;
    if (v.type === "string") return filterText(v.value);
    return String(v.value);
  };
  const filter = (n: FilterNode): string => {
    switch (n.kind) {
      case "and":
      case "or":
        return `(${filter(n.left)} ${n.kind} ${filter(n.right)})`;
      case "not":
        return `not ${filter(n.operand)}`;
      case "compare":
        return `${value(n.left)} ${n.op} ${value(n.right)}`;
      case "in":
        return `${value(n.value)} in (${n.list.map(value).join(", ")})`;
      case "test":
        return value(n.value);
    }
  };
  return filter(node);
}
