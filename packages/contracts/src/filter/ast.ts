/**
 * The filter language's syntax tree. Every node keeps `at`, the 1-based character where it starts,
 * so that an error can point at the place a user has to fix.
 */
export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type LiteralValue =
  | { type: "string"; value: string }
  | { type: "number"; value: string }
  | { type: "boolean"; value: boolean }
  | { type: "date"; value: string }
  | { type: "datetime"; value: string }
  | { type: "null"; value: null };

export type Literal = LiteralValue & { kind: "literal"; at: number };

export type ValueNode =
  | Literal
  | { kind: "column"; name: string; at: number }
  | { kind: "call"; name: string; args: ValueNode[]; at: number };

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode; at: number }
  | { kind: "not"; operand: FilterNode; at: number }
  | { kind: "compare"; op: CompareOp; left: ValueNode; right: ValueNode; at: number }
  | { kind: "in"; value: ValueNode; list: Literal[]; at: number }
  /** A boolean value used as a condition: a boolean column, or `startswith(...)` and its kin. */
  | { kind: "test"; value: ValueNode; at: number };

/** A filter the API refuses, with the character it refers to. */
export class FilterError extends Error {
  override readonly name = "FilterError";
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(`character ${at}: ${problem}`);
  }
}

/** Limits that keep a filter cheap to parse and to plan; documented with the language. */
export const FILTER_LIMITS = {
  /** Characters in one filter. */
  maxLength: 4_000,
  /** Nested parentheses, `not`s and function calls. */
  maxDepth: 32,
  /** Values in one `in (...)` list. */
  maxInList: 200,
  /** Conditions (comparisons, `in`s and tests) in one filter. */
  maxConditions: 200,
  /** Columns in one sort. */
  maxSortColumns: 8,
} as const;
