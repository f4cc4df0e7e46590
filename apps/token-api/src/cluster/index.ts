import { randomUUID } from "node:crypto";
import { installRateLimits } from "../limits/index.js";
import type { RateLimitMiddleware } from "../limits/rate-limit-slot.js";
import type { Services } from "../services.js";
import { InvalidationRelay } from "./invalidation-relay.js";
import { connectRedis } from "./redis-connection.js";
import { batchedTokenFreshness } from "./token-freshness.js";

export interface ClusterOptions {
  /** Shared rate-limit buckets and invalidation messages; without it only the database is shared. */
  redisUrl?: string | undefined;
  /** Namespace of this deployment's Redis keys and channel (tests: one per test). */
  keyPrefix?: string | undefined;
  /** Kill switches changed by another process are read at least this often (issue 4: within 5 s). */
  killSwitchRefreshMs?: number | undefined;
}

export interface ClusterMember {
  instanceId: string;
  rateLimit: RateLimitMiddleware;
  /**
   * Resolves once Redis answers (or after `timeoutMs` with Redis still away: the process then
   * starts on its insurance buckets). Serving before it would count the first requests locally.
   */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops the relay and disconnects from Redis (the services are closed by their owner). */
  close(): Promise<void>;
}

/**
 * One of several API processes sharing one PostgreSQL (and Redis): every cached proof is checked
 * against the token's row on each request, kill switches are re-read every couple of seconds,
 * and with Redis the buckets are shared and invalidations travel at once.
 */
export function joinCluster(services: Services, options: ClusterOptions = {}): ClusterMember {
  const instanceId = randomUUID();
  const keyPrefix = options.keyPrefix ?? services.config.redisKeyPrefix ?? "layer";
  const onError = (error: unknown) =>
    services.logger.warn({ err: error, instanceId }, "redis unavailable; falling back");
  services.authenticator.attach({ freshness: batchedTokenFreshness(services.db) });
  services.killSwitches.start(Math.min(options.killSwitchRefreshMs ?? 2_000, services.config.killSwitchRefreshMs));

  if (!options.redisUrl) {
    return { instanceId, rateLimit: installRateLimits(services), ready: async () => {}, close: async () => {} };
  }
  const redis = connectRedis(options.redisUrl, onError);
  const subscriber = connectRedis(options.redisUrl, onError);
  const relay = new InvalidationRelay(services.invalidation, redis, subscriber, { keyPrefix, instanceId, onError });
  return {
    instanceId,
    rateLimit: installRateLimits(services, { redis, keyPrefix }),
    ready: (timeoutMs = 5_000) =>
      new Promise<void>((resolve) => {
        if (redis.status === "ready") return resolve();
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        redis.once("ready", () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    async close() {
      relay.close();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
