import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { listen } from "./listen.js";
import { newOperatorSecret, removeOperatorFile, writeOperatorFile } from "./operator/operator-file.js";
import { seedDemoData } from "./seed/seed.js";
import { createServices } from "./services.js";

/** `npm start`: the token API on PORT (8787), embedded database in .data/ unless DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const services = await createServices({ config });
  const { logger } = services;
  const [users] = await services.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users");
  if (users?.n === 0 && process.env["SEED_ON_EMPTY"] !== "false") {
    logger.info("empty database: seeding the demo data (DEVELOPING.md)");
    await seedDemoData(services.db, { bcryptCost: config.bcryptCost });
  }
  // The operator channel exists only for the embedded database: PGlite admits one process.
  const embeddedDir = !config.databaseUrl && config.dataDir !== "memory" ? config.dataDir : undefined;
  const operatorSecret = embeddedDir ? newOperatorSecret() : undefined;
  const app = createApp(services, { operatorSecret });
  const listening = await listen(app, config.port, config.host);
  if (embeddedDir && operatorSecret) {
    writeOperatorFile(embeddedDir, { pid: process.pid, url: `http://127.0.0.1:${new URL(listening.url).port}`, secret: operatorSecret });
  }
  logger.info({ url: listening.url, engine: services.db.engine }, "token API listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    if (embeddedDir) removeOperatorFile(embeddedDir);
    await listening.close();
    await services.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
