export { createLayerMcpServer, SERVER_INFO, type LayerMcpServerOptions } from "./server.js";
export { startHttpServer, type HttpServerOptions, type RunningHttpServer } from "./http/http-server.js";
export {
  readSettings,
  readToken,
  TOKEN_FROM_ENV,
  TOKEN_FROM_HEADER,
  VARIABLES,
  type ServerSettings,
  type TokenSetting,
} from "./settings.js";
export { stderrLog, silentLog, type Log } from "./log.js";
export { claudeDesktopConfig, STDIO_SERVER_PATH, type ClaudeDesktopConfigOptions } from "./client-config.js";
