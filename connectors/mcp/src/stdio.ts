#!/usr/bin/env node
// The server as Claude Desktop, VS Code and Cursor start it: `layer-mcp` (or `node dist/stdio.js`)
// with LAYER_API_URL and LAYER_API_TOKEN from the client's config. A bad or missing value never
// stops it: the tools say what is wrong.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { stderrLog } from "./log.js";
import { createLayerMcpServer } from "./server.js";
import { readSettings, readToken, TOKEN_FROM_ENV, VARIABLES } from "./settings.js";

const log = stderrLog();
const settings = readSettings(process.env);
const token = readToken(process.env[VARIABLES.token], TOKEN_FROM_ENV, settings);
const server = createLayerMcpServer({ settings, token, source: TOKEN_FROM_ENV, log });

log("starting", {
  transport: "stdio",
  apiUrl: settings.apiUrl,
  token: token.ok ? token.token.masked : null,
  problem: settings.apiUrlProblem ?? (token.ok ? null : token.problem),
});
await server.connect(new StdioServerTransport());

// The client closes stdin to stop the server.
process.stdin.on("close", () => {
  void server.close().finally(() => process.exit(0));
});
