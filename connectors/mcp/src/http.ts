#!/usr/bin/env node
// The Streamable HTTP transport for remote MCP clients: `layer-mcp-http` (or `node dist/http.js`).
// Each client sends its own Layer token; this process holds none.
import { startHttpServer } from "./http/http-server.js";
import { stderrLog } from "./log.js";
import { readSettings } from "./settings.js";

const env = process.env;
const log = stderrLog();
const settings = readSettings(env);
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

if (!settings.apiUrl) {
  process.stderr.write(`layer-mcp-http: ${settings.apiUrlProblem}\n`);
  process.exit(1);
}
const port = Number(env["LAYER_MCP_PORT"] ?? 8789);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`layer-mcp-http: LAYER_MCP_PORT must be a port number, not "${env["LAYER_MCP_PORT"]}".\n`);
  process.exit(1);
}

try {
  const running = await startHttpServer({
    settings,
    log,
    host: env["LAYER_MCP_HOST"] || "127.0.0.1",
    port,
    allowedHosts: list(env["LAYER_MCP_ALLOWED_HOSTS"]),
    allowedOrigins: list(env["LAYER_MCP_ALLOWED_ORIGINS"]),
  });
  log("listening", { transport: "streamable-http", url: running.url, apiUrl: settings.apiUrl });
  const stop = () => void running.close().finally(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stderr.write(
    `layer-mcp-http: ${e.code === "EADDRINUSE" ? `port ${port} is in use; set LAYER_MCP_PORT to a free one.` : e.message}\n`,
  );
  process.exit(1);
}
