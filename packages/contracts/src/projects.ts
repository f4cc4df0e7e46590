import { z } from "zod";
import { text } from "./text.js";

export const ProjectRole = z.enum(["admin", "editor", "viewer"]);
export type ProjectRole = z.infer<typeof ProjectRole>;

export const Project = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  customerExternalId: z.string().nullable(),
  role: ProjectRole,
  createdAt: z.string(),
});
export type Project = z.infer<typeof Project>;
export const ProjectList = z.object({ projects: z.array(Project) });
export type ProjectList = z.infer<typeof ProjectList>;

export const ColumnType = z.enum(["string", "number", "boolean", "date", "datetime"]);
export type ColumnType = z.infer<typeof ColumnType>;

export const Column = z.object({ name: z.string(), type: ColumnType, nullable: z.boolean() });
export type Column = z.infer<typeof Column>;

export const TableSummary = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  rowCount: z.number().int().nonnegative(),
});
export type TableSummary = z.infer<typeof TableSummary>;
export const TableList = z.object({ tables: z.array(TableSummary) });
export type TableList = z.infer<typeof TableList>;

/** A table with its column schema; `primaryKey` names the column that orders rows stably. */
export const TableSchema = TableSummary.extend({
  primaryKey: z.string(),
  columns: z.array(Column),
});
export type TableSchema = z.infer<typeof TableSchema>;

/**
 * A cell as JSON: numbers as numbers, booleans as booleans, `date` as `YYYY-MM-DD`,
 * `datetime` as ISO 8601 UTC, absent values as null.
 */
export const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValue>;
export const Row = z.record(z.string(), CellValue);
export type Row = z.infer<typeof Row>;

export const RowsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
  cursor: text().max(512).optional(),
  /** Comma-separated column names; all columns when absent. */
  fields: text().max(4_000).optional(),
});
export type RowsQuery = z.input<typeof RowsQuery>;

export const RowsPage = z.object({
  columns: z.array(Column),
  rows: z.array(Row),
  nextCursor: z.string().nullable(),
  totalRows: z.number().int().nonnegative(),
});
export type RowsPage = z.infer<typeof RowsPage>;
