import { McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { LayerSession, Outcome } from "../layer/layer-session.js";

export const TABLE_URI_TEMPLATE = "layer://projects/{projectId}/tables/{tableId}";
export const tableUri = (projectId: string, tableId: string) =>
  `layer://projects/${encodeURIComponent(projectId)}/tables/${encodeURIComponent(tableId)}`;

/**
 * Each table's schema as a resource a client can attach to a conversation; listed by walking the
 * projects the token can read, completed variable by variable.
 */
export function registerTableSchemas(server: McpServer, session: LayerSession): void {
  const template = new ResourceTemplate(TABLE_URI_TEMPLATE, {
    list: async () => {
      const tables = unwrap(
        await session.run("projects", async (client) => {
          const { projects } = await client.listProjects();
          const lists = await Promise.all(projects.map((p) => client.listTables(p.id)));
          return lists.flatMap((l, i) => l.tables.map((t) => ({ project: projects[i]!, table: t })));
        }),
      );
      return {
        resources: tables.map(({ project, table }) => ({
          uri: tableUri(project.id, table.id),
          name: `${project.name} / ${table.name}`,
          description: `Columns and types of ${table.name} (${table.id}) in ${project.name}, ${table.rowCount.toLocaleString("en")} rows.`,
          mimeType: "application/json",
        })),
      };
    },
    complete: {
      projectId: async (value) => {
        const outcome = await session.run("projects", (client) => client.listProjects());
        return outcome.ok ? outcome.value.projects.map((p) => p.id).filter((id) => id.startsWith(value)) : [];
      },
      tableId: async (value, context) => {
        const projectId = context?.arguments?.["projectId"];
        if (!projectId) return [];
        const outcome = await session.run(`project "${projectId}"`, (client) => client.listTables(projectId));
        return outcome.ok ? outcome.value.tables.map((t) => t.id).filter((id) => id.startsWith(value)) : [];
      },
    },
  });

  server.registerResource(
    "table-schema",
    template,
    {
      title: "Layer table schema",
      description: "A Layer table's columns and types, key and row count.",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const projectId = one(variables["projectId"]);
      const tableId = one(variables["tableId"]);
      const table = unwrap(
        await session.run(`table "${tableId}" of project "${projectId}"`, (client) =>
          client.getTable(projectId, tableId),
        ),
      );
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify({
              projectId: table.projectId,
              id: table.id,
              name: table.name,
              rowCount: table.rowCount,
              primaryKey: table.primaryKey,
              columns: table.columns,
            }),
          },
        ],
      };
    },
  );
}

/** Resources have no tool-error channel: a failure is a JSON-RPC error carrying the same words. */
function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const code = outcome.failure.code === "NOT_FOUND" ? ErrorCode.InvalidParams : ErrorCode.InternalError;
  throw new McpError(code, outcome.failure.text, { code: outcome.failure.code });
}

function one(value: string | string[] | undefined): string {
  return decodeURIComponent(Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));
}
