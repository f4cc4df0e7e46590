import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { projectId } from "./inputs.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

const table = z.object({ id: z.string(), name: z.string(), rowCount: z.number().int() });

export function registerListTables(server: McpServer, session: LayerSession): void {
  server.registerTool(
    "list_tables",
    {
      title: "List a project's tables",
      description:
        "Lists the tables of one Layer project, with their row counts and the ids describe_table and query_rows take.",
      inputSchema: { projectId },
      outputSchema: { projectId: z.string(), tables: z.array(table), ...noticeField },
      annotations: { title: "List a project's tables", ...READ_ONLY },
    },
    async (args) =>
      respond(
        await session.run(`project "${args.projectId}"`, (client) => client.listTables(args.projectId)),
        ({ tables }) => ({
          summary:
            tables.length === 0
              ? `Project ${args.projectId} has no tables.`
              : `${tables.length} table${tables.length === 1 ? "" : "s"} in ${args.projectId}: ${tables.map((t) => `${t.name} (${t.id}, ${t.rowCount.toLocaleString("en")} rows)`).join(", ")}.`,
          structured: {
            projectId: args.projectId,
            tables: tables.map((t) => ({ id: t.id, name: t.name, rowCount: t.rowCount })),
          },
        }),
      ),
  );
}
