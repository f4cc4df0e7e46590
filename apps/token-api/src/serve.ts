import type { DestinationStream } from "pino";
import { createApp } from "./app.js";
import { joinCluster } from "./cluster/index.js";
import { listensBeyondThisMachine, loadConfig, type Config } from "./config.js";
import { listen } from "./listen.js";
import { newOperatorSecret, removeOperatorFile, writeOperatorFile } from "./operator/operator-file.js";
import { seedDemoData } from "./seed/seed.js";
import { createServices, type Services } from "./services.js";

export interface ServeOptions {
  config?: Config;
  /** Seed the demo data when the database has no users (first run only). Default: SEED_ON_EMPTY (true). */
  seedOnEmpty?: boolean;
  /** Rows of tbl_orders when seeding. Default: SEED_ORDERS_ROWS (250,000). */
  ordersRows?: number;
  logDestination?: DestinationStream;
}

export interface ServingTokenApi {
  url: string;
  services: Services;
  /** True when this start seeded an empty database. */
  seeded: boolean;
  /** Stops listening, writes pending last-used times, closes the database, frees the data directory. */
  close(): Promise<void>;
}

/**
 * The token API as a long-running server: the server entry and the root `npm start` share it.
 * With the embedded database it also opens the operator channel, so that `npm run cli` works
 * while the server holds the data directory (PGlite admits one process).
 */
export async function serveTokenApi(options: ServeOptions = {}): Promise<ServingTokenApi> {
  const config = options.config ?? loadConfig();
  // With DATABASE_URL any number of processes may serve the same users (REDIS_URL shares the
  // rate-limit buckets and carries invalidations); the embedded database is one process.
  const cluster = config.databaseUrl
    ? joinCluster({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix })
    : undefined;
  let services: Services;
  try {
    services = await createServices({ config, logDestination: options.logDestination, cluster: cluster?.deployment });
  } catch (error) {
    await cluster?.close();
    throw error;
  }
  try {
    let seeded = false;
    const [users] = await services.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    if (users?.n === 0 && (options.seedOnEmpty ?? config.seedOnEmpty ?? true)) {
      services.logger.info("empty database: seeding the demo data (DEVELOPING.md)");
      const ordersRows = options.ordersRows ?? config.seedOrdersRows;
      await seedDemoData(services.db, { bcryptCost: config.bcryptCost, ordersRows });
      seeded = true;
    }
    const embeddedDir = !config.databaseUrl && config.dataDir !== "memory" ? config.dataDir : undefined;
    const operatorSecret = embeddedDir ? newOperatorSecret() : undefined;
    cluster?.relay(services);
    await cluster?.ready();
    const app = createApp({ services, operatorSecret });
    const listening = await listen(app, config.port, config.host);
    if (embeddedDir && operatorSecret) {
      writeOperatorFile(embeddedDir, {
        pid: process.pid,
        url: `http://127.0.0.1:${new URL(listening.url).port}`,
        secret: operatorSecret,
      });
    }
    services.logger.info({ url: listening.url, engine: services.db.engine }, "token API listening");
    if (listensBeyondThisMachine(config.host)) {
      services.logger.warn(
        { host: config.host },
        "HOST is not a loopback address: the API, the account page and its sign-in are open to the network; serve them only behind HTTPS",
      );
    }
    let closing: Promise<void> | undefined;
    return {
      url: listening.url,
      services,
      seeded,
      close() {
        closing ??= (async () => {
          if (embeddedDir) removeOperatorFile(embeddedDir);
          // Drains in-flight requests first; services.close then writes the last-used buffer.
          await listening.close();
          await cluster?.close();
          await services.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await cluster?.close();
    await services.close();
    throw error;
  }
}
