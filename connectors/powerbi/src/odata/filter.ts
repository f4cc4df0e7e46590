import { defaultParser } from "@odata/parser";
import type { CellValue, Row } from "@layer/contracts";
import { badRequest, notImplemented } from "./errors.js";
import type { PropertyModel } from "./model.js";

/** A compiled `$filter`: a predicate over API rows and the columns it reads. */
export interface RowFilter {
  matches(row: Row): boolean;
  columns: Set<string>;
}

interface Token {
  type: string;
  value: unknown;
  raw: string;
}

type Operand = { kind: "property"; property: PropertyModel } | { kind: "literal"; edm: string; raw: string };

type Predicate = (row: Row) => boolean;

const COMPARISONS: Record<string, (order: number) => boolean> = {
  EqualsExpression: (order) => order === 0,
  NotEqualsExpression: (order) => order !== 0,
  LesserThanExpression: (order) => order < 0,
  LesserOrEqualsExpression: (order) => order <= 0,
  GreaterThanExpression: (order) => order > 0,
  GreaterOrEqualsExpression: (order) => order >= 0,
};

const NUMERIC_LITERALS = new Set([
  "Edm.SByte",
  "Edm.Byte",
  "Edm.Int16",
  "Edm.Int32",
  "Edm.Int64",
  "Edm.Decimal",
  "Edm.Double",
  "Edm.Single",
]);

/** Text functions the proxy evaluates; each is case-sensitive, as OData defines them. */
const TEXT_FUNCTIONS: Record<string, (value: string, argument: string) => boolean> = {
  startswith: (value, argument) => value.startsWith(argument),
  endswith: (value, argument) => value.endsWith(argument),
  contains: (value, argument) => value.includes(argument),
};

/**
 * Compiles `$filter` (already percent-decoded) with comparisons, `and`/`or`/`not`, parentheses,
 * `startswith`, `endswith` and `contains`. Anything else is a 501: the proxy never guesses.
 * Comparisons follow OData 4.01 §5.1.1.1: `eq null`/`ne null` test for null, and an ordering
 * comparison with a null operand is false.
 */
export function compileFilter(text: string, properties: PropertyModel[]): RowFilter {
  let ast: Token;
  try {
    ast = defaultParser.filter(text) as unknown as Token;
  } catch {
    throw notImplemented(
      "This $filter is not supported by the Layer OData proxy: it supports comparisons (eq, ne, gt, ge, lt, le), and, or, not, parentheses, startswith, endswith and contains.",
      "$filter",
    );
  }
  const byName = new Map(properties.map((property) => [property.name, property]));
  const columns = new Set<string>();
  const predicate = compile(ast, byName, columns);
  return { matches: predicate, columns };
}

function compile(node: Token, properties: Map<string, PropertyModel>, columns: Set<string>): Predicate {
  switch (node.type) {
    case "BoolParenExpression":
    case "ParenExpression":
    case "CommonExpression":
      return compile(node.value as Token, properties, columns);
    case "AndExpression": {
      const { left, right } = node.value as { left: Token; right: Token };
      const l = compile(left, properties, columns);
      const r = compile(right, properties, columns);
      return (row) => l(row) && r(row);
    }
    case "OrExpression": {
      const { left, right } = node.value as { left: Token; right: Token };
      const l = compile(left, properties, columns);
      const r = compile(right, properties, columns);
      return (row) => l(row) || r(row);
    }
    case "NotExpression": {
      const inner = compile(node.value as Token, properties, columns);
      return (row) => !inner(row);
    }
    case "MethodCallExpression":
      return compileTextFunction(node, properties, columns);
    default: {
      const comparison = COMPARISONS[node.type];
      if (comparison) return compileComparison(node, comparison, properties, columns);
      throw notImplemented(`"${node.raw}" is not supported in $filter by the Layer OData proxy.`, "$filter");
    }
  }
}

function compileComparison(
  node: Token,
  test: (order: number) => boolean,
  properties: Map<string, PropertyModel>,
  columns: Set<string>,
): Predicate {
  const { left, right } = node.value as { left: Token; right: Token };
  const a = operand(left, properties, columns);
  const b = operand(right, properties, columns);
  const property = a.kind === "property" ? a.property : b.kind === "property" ? b.property : null;
  if (!property)
    throw notImplemented(`"${node.raw}" compares no property; the Layer OData proxy needs one.`, "$filter");
  if (a.kind === "property" && b.kind === "property" && a.property.type !== b.property.type) {
    throw badRequest(
      `"${node.raw}" compares ${a.property.name} and ${b.property.name}, which have different types.`,
      "$filter",
    );
  }
  const readA = reader(a, property, node.raw);
  const readB = reader(b, property, node.raw);
  const isEquality = node.type === "EqualsExpression" || node.type === "NotEqualsExpression";
  return (row) => {
    const x = readA(row);
    const y = readB(row);
    if (x === null || y === null) return isEquality ? test(x === y ? 0 : 1) : false;
    return test(x < y ? -1 : x > y ? 1 : 0);
  };
}

function compileTextFunction(node: Token, properties: Map<string, PropertyModel>, columns: Set<string>): Predicate {
  const { method, parameters } = node.value as { method: string; parameters: Token[] };
  const fn = TEXT_FUNCTIONS[method];
  if (!fn || parameters.length !== 2) {
    throw notImplemented(`${method}() is not supported in $filter by the Layer OData proxy.`, "$filter");
  }
  const subject = operand(parameters[0] as Token, properties, columns);
  const argument = operand(parameters[1] as Token, properties, columns);
  if (subject.kind !== "property" || argument.kind !== "literal") {
    throw notImplemented(`${method}() is supported with a property and a text literal only.`, "$filter");
  }
  if (subject.property.type !== "string") {
    throw badRequest(`${method}() needs a text property; ${subject.property.name} is not text.`, "$filter");
  }
  const needle = literalValue(argument, subject.property, node.raw);
  if (typeof needle !== "string") throw badRequest(`${method}() needs a text literal.`, "$filter");
  const column = subject.property.column;
  return (row) => {
    const value = row[column];
    return typeof value === "string" && fn(value, needle);
  };
}

function operand(node: Token, properties: Map<string, PropertyModel>, columns: Set<string>): Operand {
  if (node.type === "Literal") return { kind: "literal", edm: String(node.value), raw: node.raw };
  if (node.type === "ParenExpression" || node.type === "CommonExpression")
    return operand(node.value as Token, properties, columns);
  const name = propertyName(node);
  if (name === null)
    throw notImplemented(`"${node.raw}" is not supported in $filter by the Layer OData proxy.`, "$filter");
  const property = properties.get(name);
  if (!property) throw badRequest(`$filter names ${name}, which is not a property of this entity set.`, "$filter");
  columns.add(property.column);
  return { kind: "property", property };
}

/** `FirstMemberExpression → MemberExpression → PropertyPathExpression → ODataIdentifier`, nothing more. */
function propertyName(node: Token): string | null {
  if (node.type !== "FirstMemberExpression") return null;
  const member = node.value as Token;
  const path = member?.type === "MemberExpression" ? (member.value as Token) : null;
  const identifier = path?.type === "PropertyPathExpression" ? (path.value as Token) : null;
  if (identifier?.type !== "ODataIdentifier") return null;
  const name = (identifier.value as { name?: unknown }).name;
  return typeof name === "string" && node.raw === name ? name : null;
}

type Comparable = string | number | boolean | null;

function reader(side: Operand, property: PropertyModel, raw: string): (row: Row) => Comparable {
  if (side.kind === "literal") {
    const value = literalValue(side, property, raw);
    return () => value;
  }
  const column = side.property.column;
  if (side.property.type === "datetime") return (row) => instant(row[column]);
  return (row) => (row[column] ?? null) as Comparable;
}

/** A literal as the property's type would hold it; a mismatch is the client's error (400). */
function literalValue(
  literal: Extract<Operand, { kind: "literal" }>,
  property: PropertyModel,
  raw: string,
): Comparable {
  if (literal.edm === "null") return null;
  const mismatch = () =>
    badRequest(`"${raw}": ${literal.raw} is not a valid ${property.edmType} value for ${property.name}.`, "$filter");
  switch (property.type) {
    case "string":
      if (literal.edm !== "Edm.String") throw mismatch();
      return literal.raw.slice(1, -1).replace(/''/g, "'");
    case "number": {
      if (!NUMERIC_LITERALS.has(literal.edm)) throw mismatch();
      const value = Number(literal.raw);
      if (!Number.isFinite(value)) throw mismatch();
      return value;
    }
    case "boolean":
      if (literal.edm !== "Edm.Boolean") throw mismatch();
      return literal.raw.toLowerCase() === "true";
    case "date":
      // YYYY-MM-DD compares correctly as text.
      if (literal.edm !== "Edm.Date") throw mismatch();
      return literal.raw;
    case "datetime": {
      if (literal.edm !== "Edm.DateTimeOffset" && literal.edm !== "Edm.Date") throw mismatch();
      const value = instant(literal.raw);
      if (value === null) throw mismatch();
      return value;
    }
  }
}

function instant(value: CellValue | undefined): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
