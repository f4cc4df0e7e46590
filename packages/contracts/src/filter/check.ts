// The token client bundles this module into Apps Script (ES2019): no Object.hasOwn (Biome would suggest it), no replaceAll.
import type { Column, ColumnType } from "../projects.js";
import { type CompareOp, FilterError, type FilterNode, type Literal, type ValueNode } from "./ast.js";

/** A value's type: a column type, or `null` for the literal null. */
export type ValueType = ColumnType | "null";

/** The functions of the language: their argument types and result type. */
export const FILTER_FUNCTIONS = {
  tolower: { args: [["string"]], result: "string" },
  toupper: { args: [["string"]], result: "string" },
  length: { args: [["string"]], result: "number" },
  startswith: { args: [["string"], ["string"]], result: "boolean" },
  endswith: { args: [["string"], ["string"]], result: "boolean" },
  contains: { args: [["string"], ["string"]], result: "boolean" },
  year: { args: [["date", "datetime"]], result: "number" },
  month: { args: [["date", "datetime"]], result: "number" },
  day: { args: [["date", "datetime"]], result: "number" },
  hour: { args: [["datetime"]], result: "number" },
  minute: { args: [["datetime"]], result: "number" },
  second: { args: [["datetime"]], result: "number" },
  date: { args: [["date", "datetime"]], result: "date" },
} as const satisfies Record<string, { args: readonly (readonly ColumnType[])[]; result: ColumnType }>;
export type FilterFunction = keyof typeof FILTER_FUNCTIONS;

/** A value with its type settled and its column resolved against the table's schema. */
export type TypedValue =
  | (Literal & { valueType: ValueType })
  | { kind: "column"; column: Column; valueType: ValueType; at: number }
  | { kind: "call"; name: FilterFunction; args: TypedValue[]; valueType: ValueType; at: number };

export type TypedFilter =
  | { kind: "and" | "or"; left: TypedFilter; right: TypedFilter }
  | { kind: "not"; operand: TypedFilter }
  | { kind: "compare"; op: CompareOp; left: TypedValue; right: TypedValue }
  | { kind: "in"; value: TypedValue; list: (Literal & { valueType: ValueType })[] }
  | { kind: "test"; value: TypedValue };

const ORDERED = new Set<ValueType>(["string", "number", "date", "datetime"]);

/** Resolves columns and checks every operator and function against the column types. */
export function checkFilter(node: FilterNode, columns: readonly Column[]): TypedFilter {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const value = (v: ValueNode): TypedValue => {
    if (v.kind === "literal") return { ...v, valueType: v.type };
    if (v.kind === "column") {
      const column = byName.get(v.name);
      if (!column) throw new FilterError(v.at, `unknown column "${v.name.slice(0, 64)}"${suggest(v.name, columns)}`);
      return { kind: "column", column, valueType: column.type, at: v.at };
    }
    if (!Object.keys(FILTER_FUNCTIONS).includes(v.name))
      throw new FilterError(
        v.at,
        `unknown function "${v.name.slice(0, 64)}" (known: ${Object.keys(FILTER_FUNCTIONS).join(", ")})`,
      );
    const name = v.name as FilterFunction;
    const spec = FILTER_FUNCTIONS[name];
    if (v.args.length !== spec.args.length)
      throw new FilterError(v.at, `${name} takes ${spec.args.length} argument${spec.args.length > 1 ? "s" : ""}`);
    const args = v.args.map((a, i) => {
      const typed = value(a);
      const allowed = spec.args[i] as readonly ValueType[];
      if (!allowed.includes(typed.valueType))
        throw new FilterError(a.at, `${name} needs ${allowed.join(" or ")} here, not ${typed.valueType}`);
      return typed;
    });
    if ((name === "startswith" || name === "endswith" || name === "contains") && args[1]!.kind !== "literal")
      throw new FilterError(v.args[1]!.at, `the second argument of ${name} must be a text value in quotes`);
    return { kind: "call", name, args, valueType: spec.result, at: v.at };
  };

  const filter = (n: FilterNode): TypedFilter => {
    switch (n.kind) {
      case "and":
      case "or":
        return { kind: n.kind, left: filter(n.left), right: filter(n.right) };
      case "not":
        return { kind: "not", operand: filter(n.operand) };
      case "test": {
        const v = value(n.value);
        if (v.valueType !== "boolean")
          throw new FilterError(
            n.at,
            `a ${v.valueType} value is not a condition: compare it with eq, ne, gt, ge, lt or le`,
          );
        return { kind: "test", value: v };
      }
      case "in": {
        const v = value(n.value);
        const list = n.list.map((l) => {
          if (l.type !== "null" && l.type !== v.valueType)
            throw new FilterError(l.at, `the list holds a ${l.type} value where ${v.valueType} values are compared`);
          return { ...l, valueType: l.type };
        });
        return { kind: "in", value: v, list };
      }
      case "compare": {
        const left = value(n.left);
        const right = value(n.right);
        const a = left.valueType;
        const b = right.valueType;
        if (a === "null" || b === "null") {
          if (n.op !== "eq" && n.op !== "ne")
            throw new FilterError(n.at, `null compares only with eq and ne, not ${n.op}`);
        } else if (a !== b) throw new FilterError(n.at, `cannot compare ${a} with ${b}`);
        else if (!ORDERED.has(a) && n.op !== "eq" && n.op !== "ne")
          throw new FilterError(n.at, `${a} values compare only with eq and ne, not ${n.op}`);
        return { kind: "compare", op: n.op, left, right };
      }
    }
  };
  return filter(node);
}

function suggest(name: string, columns: readonly Column[]): string {
  const lower = name.toLowerCase();
  const near = columns.find((c) => c.name.toLowerCase() === lower);
  if (near) return ` (did you mean "${near.name}"? column names are case-sensitive)`;
  const list = columns.slice(0, 20).map((c) => c.name);
  return ` (columns: ${list.join(", ")}${columns.length > 20 ? ", …" : ""})`;
}
