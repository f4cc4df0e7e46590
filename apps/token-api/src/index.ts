export { createApp, type AppDeps } from "./app.js";
export { createServices, type Services, type ServiceOptions } from "./services.js";
export {
  listensBeyondThisMachine,
  loadConfig,
  readSettings,
  SETTINGS,
  SettingsError,
  type Config,
  type Settings,
} from "./config.js";
export { settingsTable, withSettingsTable } from "./settings-table.js";
export { openDatabase, type Database, type Queryable } from "./db/database.js";
export { migrate } from "./db/migrate.js";
export { seedDemoData } from "./seed/seed.js";
export { DomainError } from "./errors/domain-error.js";
export { TokenService, type IssuedToken } from "./tokens/token-service.js";
export { toTokenSummary } from "./tokens/token-summary.js";
export type { TokenRecord } from "./tokens/token-repository.js";
export { runOperatorCommand, OperatorCommand } from "./operator/commands.js";
export { serveTokenApi, type ServeOptions, type ServingTokenApi } from "./serve.js";
