import type { Logger } from "pino";
import type { TokenService } from "./token-service.js";

/**
 * The history's retention (docs/contract.md "Token history"): revoked and expired tokens are kept
 * 90 days after they ended, then this job deletes them, once at start and then every interval.
 * Several processes may run it at once: a delete of what is already gone deletes nothing.
 */
export function startHistoryPurge(tokens: TokenService, intervalSeconds: number, logger: Logger): () => Promise<void> {
  if (intervalSeconds <= 0) return async () => {};
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = tokens.purgeHistory().then(
      (purged) => {
        // Key ids only: they are public; names could be anything a user typed.
        if (purged.length > 0) logger.info({ purged: purged.length, keyIds: purged }, "purged token history");
      },
      (error: unknown) => logger.warn({ err: error }, "could not purge the token history; will retry"),
    );
  };
  const timer = setInterval(run, intervalSeconds * 1000);
  timer.unref();
  run();
  // Stopping waits for a purge in flight, so the database is not closed under it.
  return () => {
    clearInterval(timer);
    return running;
  };
}
