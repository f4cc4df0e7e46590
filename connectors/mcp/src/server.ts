import type { SharedThrottle } from "@layer/token-client";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { LayerSession } from "./layer/layer-session.js";
import type { Log } from "./log.js";
import { registerTableSchemas } from "./resources/table-schemas.js";
import type { ServerSettings, TokenSetting, TokenSource } from "./settings.js";
import { registerDescribeTable } from "./tools/describe-table.js";
import { registerListProjects } from "./tools/list-projects.js";
import { registerListTables } from "./tools/list-tables.js";
import { registerQueryRows } from "./tools/query-rows.js";
import { registerTokenStatus } from "./tools/token-status.js";

export const SERVER_INFO = { name: "layer", title: "Layer", version: "0.1.0" } as const;

const INSTRUCTIONS = [
  "Reads Layer projects and tables with the user's named Layer token (read-only).",
  "Start with list_projects, then list_tables, describe_table, and query_rows (100 rows a call by default; continue with nextCursor).",
  "token_status tells which token is in use, when it expires, what it may do and which projects and organizations it reaches; list_projects takes an organization to narrow to one.",
  "When a tool says the token expired or was revoked, show the user the steps it lists; never ask the user to paste a token into the chat.",
].join(" ");

export interface LayerMcpServerOptions {
  settings: ServerSettings;
  token: TokenSetting;
  source: TokenSource;
  log: Log;
  clock?: () => number;
  fetch?: typeof fetch;
  throttle?: SharedThrottle;
  /** The organization this server's calls work in (an HTTP client's Layer-Organization header); default LAYER_ORGANIZATION. */
  organization?: string | null;
}

/** One MCP server bound to one token: the stdio process has one, each HTTP session its own. */
export function createLayerMcpServer(options: LayerMcpServerOptions): McpServer {
  const server = new McpServer(SERVER_INFO, { capabilities: { logging: {} }, instructions: INSTRUCTIONS });
  const session = new LayerSession({
    settings: options.settings,
    token: options.token,
    source: options.source,
    clientName: () => server.server.getClientVersion()?.name,
    onRetry: (info) => {
      const seconds = Math.ceil(info.waitMs / 1000);
      options.log("waiting before a retry", {
        code: info.code,
        status: info.status,
        waitMs: info.waitMs,
        attempt: info.attempt,
        requestId: info.requestId,
      });
      // The agent's user sees why a call takes long; a client that did not ask for logs gets nothing.
      void server
        .sendLoggingMessage({
          level: "warning",
          logger: "layer",
          data: `The Layer API answered ${info.code}; waiting ${seconds} s before retry ${info.attempt}.`,
        })
        .catch(() => {});
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.organization !== undefined ? { organization: options.organization } : {}),
  });
  registerTokenStatus(server, session, options.source);
  registerListProjects(server, session);
  registerListTables(server, session);
  registerDescribeTable(server, session);
  registerQueryRows(server, session);
  registerTableSchemas(server, session);
  return server;
}
