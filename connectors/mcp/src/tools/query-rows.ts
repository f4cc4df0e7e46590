import type { RowsPage } from "@layer/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { tableSchemaShape } from "./describe-table.js";
import { projectId, tableId } from "./inputs.js";
import { DEFAULT_ROWS, MAX_ROWS, MAX_ROWS_BYTES, rowsWithinBytes } from "./result-size.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

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
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe("The nextCursor of the previous answer, to continue where it stopped."),
};

const output = {
  projectId: z.string(),
  tableId: z.string(),
  columns: tableSchemaShape.columns,
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  returnedRows: z.number().int(),
  totalRows: z.number().int().describe("Rows in the whole table."),
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
      description: `Reads rows of a Layer table in its key order, ${DEFAULT_ROWS} at a time by default, with the columns you name; continue with nextCursor. Values are JSON: numbers, booleans, dates as YYYY-MM-DD, datetimes as ISO 8601 UTC, null when absent.`,
      inputSchema: input,
      outputSchema: output,
      annotations: { title: "Query a table's rows", ...READ_ONLY },
    },
    async (args) => {
      const outcome = await session.run(`table "${args.tableId}" of project "${args.projectId}"`, async (client) => {
        const ask = { limit: args.limit, cursor: args.cursor ?? null, ...(args.fields ? { fields: args.fields } : {}) };
        const page = await client.rowsPage(args.projectId, args.tableId, ask);
        const fit = rowsWithinBytes(page.rows);
        if (fit >= page.rows.length) return { page, cutForSize: false };
        // The cursor is opaque and points past a whole page: ask again for the rows that fit, so
        // that nextCursor continues exactly after the last row returned.
        return { page: await client.rowsPage(args.projectId, args.tableId, { ...ask, limit: fit }), cutForSize: true };
      });
      return respond(outcome, ({ page, cutForSize }) => ({
        summary: summarize(args.tableId, page, cutForSize),
        structured: {
          projectId: args.projectId,
          tableId: args.tableId,
          columns: page.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
          rows: page.rows,
          returnedRows: page.rows.length,
          totalRows: page.totalRows,
          nextCursor: page.nextCursor,
          cutForSize,
        },
      }));
    },
  );
}

function summarize(tableId: string, page: RowsPage, cutForSize: boolean): string {
  const n = page.rows.length;
  const head = `${n.toLocaleString("en")} row${n === 1 ? "" : "s"} of ${tableId} (${page.totalRows.toLocaleString("en")} in the table)`;
  const cut = cutForSize ? `, cut to stay under ${MAX_ROWS_BYTES / 1024} KB` : "";
  const next = page.nextCursor ? `; more with cursor "${page.nextCursor}".` : "; this is the last page.";
  return `${head}${cut}${next}`;
}
