import type { RowsPage } from "@layer/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { tableSchemaShape } from "./describe-table.js";
import { projectId, tableId } from "./inputs.js";
import { DEFAULT_ROWS, MAX_ROWS, MAX_ROWS_BYTES, rowsWithinBytes } from "./result-size.js";
import { cursorConflict, decodeRowsCursor, encodeRowsCursor, normalized } from "./rows-cursor.js";
import { noticeField, READ_ONLY, refusal, respond } from "./tool-result.js";

const input = {
  projectId,
  tableId,
  fields: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(200)
    .optional()
    .describe("Columns to return (describe_table lists them); all columns when absent."),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_ROWS)
    .default(DEFAULT_ROWS)
    .describe(
      `Rows to return, ${DEFAULT_ROWS} by default, at most ${MAX_ROWS}; fewer when they would exceed ${MAX_ROWS_BYTES / 1024} KB.`,
    ),
  filter: z
    .string()
    .max(4_000)
    .optional()
    .describe(
      "Only the rows this condition holds for, OData $filter style, over the column names and types describe_table lists. " +
        "Compare with eq ne gt ge lt le (both sides of one type), x in ('a', 'b'), combine with and, or, not and parentheses; " +
        "text in single quotes ('' for a quote), numbers plain, dates 2025-01-31, datetimes 2025-01-31T08:00:00Z, note eq null / note ne null; " +
        "quote other column names in double quotes (\"Order Date\"). Functions: startswith, endswith, contains (column, 'text'), tolower, toupper, length, " +
        "year, month, day, hour, minute, second, date. Examples on tbl_orders: region eq 'North' and amount ge 500; " +
        "contains(tolower(customer), 'acme') or note ne null; year(order_date) eq 2025 and not paid.",
    ),
  sort: z
    .string()
    .max(1_000)
    .optional()
    .describe(
      'Columns to order by, comma-separated, each asc (the default) or desc, up to 8: "amount desc, customer". ' +
        "Nulls come first ascending and last descending; ties in key order. Without sort, rows come in key order.",
    ),
  count: z
    .boolean()
    .optional()
    .describe("true adds count: how many rows match the filter in the whole table (all rows without a filter)."),
  cursor: z
    .string()
    .min(1)
    .max(32_000)
    .optional()
    .describe(
      "The nextCursor of the previous answer, to continue where it stopped. It carries that answer's filter and sort: send it without them, or with the same ones.",
    ),
};

const output = {
  projectId: z.string(),
  tableId: z.string(),
  columns: tableSchemaShape.columns,
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  returnedRows: z.number().int(),
  totalRows: z.number().int().describe("Rows in the whole table."),
  filter: z.string().nullable().describe("The filter these rows match; null when none."),
  sort: z.string().nullable().describe("The order of these rows; null for key order."),
  count: z.number().int().optional().describe("Rows matching the filter in the whole table, when count was asked."),
  nextCursor: z.string().nullable().describe("Pass it as cursor for the next rows; null on the last page."),
  cutForSize: z
    .boolean()
    .describe(`True when fewer rows than asked were returned to stay under ${MAX_ROWS_BYTES / 1024} KB.`),
  ...noticeField,
};

export function registerQueryRows(server: McpServer, session: LayerSession): void {
  server.registerTool(
    "query_rows",
    {
      title: "Query a table's rows",
      description: `Reads rows of a Layer table, ${DEFAULT_ROWS} at a time by default, with the columns you name, only those matching a filter and in the order you sort them (key order otherwise); continue with nextCursor. Call describe_table first for the column names and types a filter and sort use. Values are JSON: numbers, booleans, dates as YYYY-MM-DD, datetimes as ISO 8601 UTC, null when absent.`,
      inputSchema: input,
      outputSchema: output,
      annotations: { title: "Query a table's rows", ...READ_ONLY },
    },
    async (args) => {
      let filter = normalized(args.filter);
      let sort = normalized(args.sort);
      let apiCursor: string | null = null;
      if (args.cursor !== undefined) {
        const cursor = decodeRowsCursor(args.cursor);
        if (!cursor) {
          return refusal(
            `The cursor is not one query_rows gave (it may have been cut or changed). Pass nextCursor exactly as the previous answer gave it, or call query_rows without a cursor to start from the first row.`,
          );
        }
        const conflict = cursorConflict(cursor, { filter: args.filter, sort: args.sort });
        if (conflict) return refusal(conflict);
        ({ filter, sort, apiCursor } = cursor);
      }
      const request = { ...(filter ? { filter } : {}), ...(sort ? { sort } : {}) };
      const outcome = await session.run(
        `table "${args.tableId}" of project "${args.projectId}"`,
        async (client) => {
          const ask = {
            limit: args.limit,
            cursor: apiCursor,
            ...(args.fields ? { fields: args.fields } : {}),
            ...request,
            // Asked of the API only under a filter: without one every row matches, and a count
            // alone would switch the API to its sorted reading, whose cursors the key order's
            // pages do not take (a count asked on one page and not the next would break paging).
            ...(args.count && filter ? { count: true } : {}),
          };
          const read = await client.rowsPage(args.projectId, args.tableId, ask);
          const page = args.count && !filter ? { ...read, count: read.totalRows } : read;
          const fit = rowsWithinBytes(page.rows);
          if (fit >= page.rows.length) return { page, cutForSize: false };
          // The cursor is opaque and points past a whole page: ask again for the rows that fit, so
          // that nextCursor continues exactly after the last row returned (the count is already known).
          const cut = await client.rowsPage(args.projectId, args.tableId, { ...ask, limit: fit, count: false });
          return { page: { ...cut, ...(page.count === undefined ? {} : { count: page.count }) }, cutForSize: true };
        },
        request,
      );
      return respond(outcome, ({ page, cutForSize }) => {
        const nextCursor = page.nextCursor ? encodeRowsCursor({ apiCursor: page.nextCursor, filter, sort }) : null;
        return {
          summary: summarize(args.tableId, page, { filter, sort, cutForSize, nextCursor }),
          structured: {
            projectId: args.projectId,
            tableId: args.tableId,
            columns: page.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
            rows: page.rows,
            returnedRows: page.rows.length,
            totalRows: page.totalRows,
            filter,
            sort,
            ...(page.count === undefined ? {} : { count: page.count }),
            nextCursor,
            cutForSize,
          },
        };
      });
    },
  );
}

function summarize(
  tableId: string,
  page: RowsPage,
  how: { filter: string | null; sort: string | null; cutForSize: boolean; nextCursor: string | null },
): string {
  const n = page.rows.length;
  const which = how.filter ? ` matching ${how.filter}` : "";
  const order = how.sort ? ` sorted by ${how.sort}` : "";
  const counted = page.count === undefined ? "" : `${page.count.toLocaleString("en")} match; `;
  const head = `${n.toLocaleString("en")} row${n === 1 ? "" : "s"} of ${tableId}${which}${order} (${counted}${page.totalRows.toLocaleString("en")} in the table)`;
  const cut = how.cutForSize ? `, cut to stay under ${MAX_ROWS_BYTES / 1024} KB` : "";
  const next = how.nextCursor ? `; more with cursor "${how.nextCursor}".` : "; this is the last page.";
  return `${head}${cut}${next}`;
}
