import type { Column, ColumnType } from "@layer/contracts";

/**
 * SQL for the cells of `table_rows.data`. A column's name is the one piece of text that goes into
 * SQL rather than into a parameter: an expression index only serves a query whose expression is
 * spelt the same, so the name comes from the table's own schema (never from the request) and is
 * written as a quoted SQL string literal. Every value a request sends is a parameter.
 */
export function sqlString(text: string): string {
  if (text.includes("\0")) throw new Error("a column name holds a NUL character");
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * One column as a typed SQL value. Text and dates (`YYYY-MM-DD`) compare byte-wise under the "C"
 * collation on both engines; datetimes become instants so that offsets and fractions compare right.
 * Numbers and booleans are read only from JSON numbers and booleans, so the expression never fails:
 * PostgreSQL evaluates it for statistics over rows of every table, where another table's column of
 * the same name may hold text.
 */
export function columnSql(column: Column): string {
  const name = sqlString(column.name);
  const text = `(data->>${name})`;
  switch (column.type) {
    case "number":
      return `(CASE WHEN jsonb_typeof(data->${name}) = 'number' THEN ${text}::numeric END)`;
    case "boolean":
      return `(CASE WHEN jsonb_typeof(data->${name}) = 'boolean' THEN ${text}::boolean END)`;
    case "string":
    case "date":
      return `(${text} COLLATE "C")`;
    case "datetime":
      return `(${text}::timestamptz)`;
  }
}

/** A parameter cast to the SQL type of a column type. */
export function paramSql(index: number, type: ColumnType): string {
  switch (type) {
    case "string":
    case "date":
      return `($${index}::text COLLATE "C")`;
    case "number":
      return `$${index}::numeric`;
    case "boolean":
      return `$${index}::boolean`;
    case "datetime":
      return `$${index}::timestamptz`;
  }
}

/** A typed value as text that `paramSql` reads back exactly (what a sort cursor carries). */
export function asTextSql(sql: string, type: ColumnType): string {
  if (type === "datetime") return `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return `(${sql})::text`;
}

/** Collects parameters and hands out their `$n` numbers. */
export class Params {
  readonly values: unknown[] = [];
  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }
  add(value: unknown, type: ColumnType): string {
    this.values.push(value);
    return paramSql(this.values.length, type);
  }
}
