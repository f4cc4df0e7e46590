import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DestinationStream } from "pino";
import { Authenticator } from "./auth/authenticator.js";
import { InvalidationBus } from "./auth/invalidation.js";
import { KillSwitchState } from "./auth/kill-switch-state.js";
import { RequestCounts } from "./auth/request-counts.js";
import { UsageRecorder } from "./auth/usage-recorder.js";
import { VerificationCache } from "./auth/verification-cache.js";
import { batchedTokenFreshness } from "./cluster/token-freshness.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { createLoggers } from "./http/logger.js";
import { AuthFailureGuard } from "./limits/auth-failure-guard.js";
import { BucketStore } from "./limits/rate-limit-buckets.js";
import { DEFAULT_AUTH_FAILURE_LIMITS, RATE_LIMIT_WINDOW_SECONDS } from "./limits/rate-limit-policy.js";
import { BcryptGate } from "./tokens/hashing.js";
import { startHistoryPurge } from "./tokens/history-purge.js";
import { TokenService } from "./tokens/token-service.js";

/** Everything the app, the CLI, the operator channel and the account page share. */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  /** One line per request; see createLoggers. */
  accessLogger: Logger;
  clock: () => Date;
  invalidation: InvalidationBus;
  tokens: TokenService;
  cache: VerificationCache;
  gate: BcryptGate;
  killSwitches: KillSwitchState;
  usage: UsageRecorder;
  authenticator: Authenticator;
  /** The rate-limit buckets: the app's per-key limits and the failed-authentication guard count here. */
  buckets: BucketStore;
  /** Requests received per key_id (parsed tokens only, the most recent 10,000); the test harness reads it. */
  requestCounts: RequestCounts;
  /** Stops timers, writes pending last-used times, closes the database. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  config: Config;
  clock?: (() => Date) | undefined;
  logDestination?: DestinationStream | undefined;
  /** An already open database (tests); otherwise opened from the config. */
  db?: Database | undefined;
  /** Periodic refresh and write-behind timers; the CLI's short-lived process turns them off. */
  timers?: boolean;
  /** One of several processes on one PostgreSQL (see cluster/); this process alone otherwise. */
  cluster?: SharedDeployment | undefined;
}

/** What the processes of one deployment share besides the database. */
export interface SharedDeployment {
  /** Shared rate-limit buckets; each process counts in its own memory without it. */
  redis?: Redis | undefined;
  /** Namespace of this deployment's Redis keys and channel. */
  keyPrefix: string;
  /** Kill switches changed by another process are read at least this often. */
  killSwitchRefreshMs: number;
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  const { config } = options;
  const clock = options.clock ?? (() => new Date());
  const { logger, accessLogger } = createLoggers({ level: config.logLevel, destination: options.logDestination });
  const db =
    options.db ??
    (await openDatabase({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, dataDir: config.dataDir }));
  try {
    await migrate(db);
  } catch (error) {
    if (!options.db) await db.close();
    throw error;
  }
  const invalidation = new InvalidationBus();
  // Date.now itself unless a test set the clock: the cache reads the time on every request.
  const now = options.clock ? () => clock().getTime() : Date.now;
  const cache = new VerificationCache({ maxEntries: config.cacheMaxEntries, ttlMs: config.cacheTtlMs, now });
  const gate = new BcryptGate(config.bcryptMaxInFlight);
  const killSwitches = new KillSwitchState(db);
  await killSwitches.refresh();
  const usage = new UsageRecorder(db);
  const requestCounts = new RequestCounts();
  const buckets = new BucketStore({
    redis: options.cluster?.redis,
    keyPrefix: options.cluster?.keyPrefix ?? "layer",
    windowSeconds: config.rateLimitWindowSeconds ?? RATE_LIMIT_WINDOW_SECONDS,
  });
  const authenticator = new Authenticator({
    accountUrl: accountUrlOf(config),
    db,
    cache,
    gate,
    killSwitches,
    usage,
    clock,
    onKeyId: (keyId) => requestCounts.count(keyId),
    verificationGuard: new AuthFailureGuard(buckets, config.authFailureLimits ?? DEFAULT_AUTH_FAILURE_LIMITS),
    // Other processes change tokens too: a cached proof is checked against the token's row.
    freshness: options.cluster ? batchedTokenFreshness(db) : undefined,
  });
  invalidation.subscribe(async (event) => {
    if (event.kind === "token") cache.evictKey(event.keyId);
    if (event.kind === "all") cache.clear();
    if (event.kind === "kill-switches" || event.kind === "all") await killSwitches.refresh();
  });
  const tokens = new TokenService({ db, invalidation, clock, bcryptCost: config.bcryptCost });
  let stopPurge = async () => {};
  if (options.timers !== false) {
    const shared = options.cluster?.killSwitchRefreshMs;
    killSwitches.start(
      shared === undefined ? config.killSwitchRefreshMs : Math.min(shared, config.killSwitchRefreshMs),
    );
    usage.start(config.lastUsedFlushMs, (error) => logger.warn({ err: error }, "could not write last-used times"));
    stopPurge = startHistoryPurge(tokens, config.historyPurgeIntervalSeconds ?? 3600, logger);
  }
  let closed = false;
  return {
    config,
    db,
    logger,
    accessLogger,
    clock,
    invalidation,
    tokens,
    cache,
    gate,
    killSwitches,
    usage,
    authenticator,
    buckets,
    requestCounts,
    async close() {
      if (closed) return;
      closed = true;
      killSwitches.stop();
      usage.stop();
      await stopPurge();
      try {
        await usage.flush();
      } catch (error) {
        logger.warn({ err: error }, "could not write last-used times on shutdown");
      }
      await db.close();
    },
  };
}

/** The account page, where a user makes a new token: every 401 and refusal's advice links it. */
export function accountUrlOf(config: Pick<Config, "publicUrl">): string {
  return `${config.publicUrl.replace(/\/+$/, "")}/account/api`;
}
