import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { LayerSession } from "../layer/layer-session.js";
import { organization } from "./inputs.js";
import { noticeField, READ_ONLY, respond } from "./tool-result.js";

const project = z.object({
  id: z.string(),
  name: z.string(),
  organizationId: z.string(),
  role: z.string().describe("The token owner's role in the project."),
  customerExternalId: z.string().nullable(),
});

export function registerListProjects(server: McpServer, session: LayerSession): void {
  server.registerTool(
    "list_projects",
    {
      title: "List Layer projects",
      description:
        "Lists the Layer projects the configured token can read (its owner's projects, narrowed to the projects the token is limited to, if any), with their ids for list_tables.",
      inputSchema: { organization },
      outputSchema: { projects: z.array(project), ...noticeField },
      annotations: { title: "List Layer projects", ...READ_ONLY },
    },
    async (args) => {
      const where = args.organization ?? session.organization;
      const subject = where ? `organization "${where}"` : "projects";
      const outcome = await session.run(subject, (client) => client.listProjects(), undefined, args.organization);
      const inOrganization = where ? ` in organization ${where}` : "";
      return respond(outcome, ({ projects }) => ({
        summary:
          projects.length === 0
            ? `This token can read no Layer project${inOrganization}.`
            : `${projects.length} Layer project${projects.length === 1 ? "" : "s"}${inOrganization}: ${projects.map((p) => `${p.name} (${p.id})`).join(", ")}.`,
        structured: {
          projects: projects.map((p) => ({
            id: p.id,
            name: p.name,
            organizationId: p.organizationId,
            role: p.role,
            customerExternalId: p.customerExternalId,
          })),
        },
      }));
    },
  );
}
