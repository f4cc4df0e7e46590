import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { projectId, tableId } from "./inputs.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

export const tableSchemaShape = {
  projectId: z.string(),
  id: z.string(),
  name: z.string(),
  rowCount: z.number().int(),
  primaryKey: z.string().describe("The column rows are ordered by."),
  columns: z.array(
    z.object({
      name: z.string(),
      type: z.enum(["string", "number", "boolean", "date", "datetime"]),
      nullable: z.boolean(),
    }),
  ),
};

export function registerDescribeTable(server: McpServer, session: LayerSession): void {
  server.registerTool(
    "describe_table",
    {
      title: "Describe a table",
      description:
        "A Layer table's columns and their types (string, number, boolean, date as YYYY-MM-DD, datetime as ISO 8601 UTC), its key and row count: the names and types query_rows's filter and sort use.",
      inputSchema: { projectId, tableId },
      outputSchema: { ...tableSchemaShape, ...noticeField },
      annotations: { title: "Describe a table", ...READ_ONLY },
    },
    async (args) =>
      respond(
        await session.run(`table "${args.tableId}" of project "${args.projectId}"`, (client) =>
          client.getTable(args.projectId, args.tableId),
        ),
        (t) => ({
          summary: `${t.name} (${t.id}): ${t.rowCount.toLocaleString("en")} rows, key ${t.primaryKey}; columns ${t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? "?" : ""}`).join(", ")}.`,
          structured: {
            projectId: t.projectId,
            id: t.id,
            name: t.name,
            rowCount: t.rowCount,
            primaryKey: t.primaryKey,
            columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
          },
        }),
      ),
  );
}
