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
  /**
   * Only the rows this condition holds for, in the filter language (OData `$filter` style):
   * `region eq 'North' and amount ge 500`, `startswith(tolower(customer), 'acme')`,
   * `year(order_date) eq 2024`, `note eq null`, `region in ('North', 'East')`.
   */
  filter: text()
    .max(4_000)
    .optional()
    .meta({
      description:
        "Only the rows this condition holds for (docs/filters.md): eq ne gt ge lt le, in (...), and or not, " +
        "`eq null`/`ne null`, startswith endswith contains, tolower toupper length, year month day hour minute second date. " +
        "Text in single quotes ('' for a quote), dates 2024-01-31, datetimes 2024-01-31T08:00:00Z. " +
        "A bad filter is 400 VALIDATION_FAILED naming the character and the problem.",
      examples: [
        "region eq 'North' and amount ge 500",
        "startswith(tolower(customer), 'acme') or customer in ('Zeta', 'Omega')",
        "year(order_date) eq 2024 and month(order_date) le 3 and note ne null",
      ],
    }),
  /** Up to 8 columns, each `asc` (the default) or `desc`: `amount desc, order_id`. */
  sort: text()
    .max(1_000)
    .optional()
    .meta({
      description:
        "Columns to order by, each asc (default) or desc; nulls first ascending, last descending; ties by the primary key. " +
        "Pages follow with nextCursor, which holds the sort.",
      examples: ["amount desc", "region, order_date desc"],
    }),
  /** `true` adds `count`: how many rows match the filter (all rows without one). */
  count: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .meta({ description: "true adds `count`, the number of rows matching the filter.", examples: ["true"] }),
});
export type RowsQuery = z.input<typeof RowsQuery>;

export const RowsPage = z.object({
  columns: z.array(Column),
  rows: z.array(Row),
  nextCursor: z.string().nullable(),
  totalRows: z.number().int().nonnegative(),
  /** Rows matching the filter, counted when the request asked `count=true`. */
  count: z.number().int().nonnegative().optional(),
});
export type RowsPage = z.infer<typeof RowsPage>;
