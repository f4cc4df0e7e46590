import { randomUUID } from "node:crypto";
import type { Services, SharedDeployment } from "../services.js";
import { InvalidationRelay } from "./invalidation-relay.js";
import { connectRedis } from "./redis-connection.js";

export interface ClusterOptions {
  /** Shared rate-limit buckets and invalidation messages; without it only the database is shared. */
  redisUrl?: string | undefined;
  /** Namespace of this deployment's Redis keys and channel (tests: one per test). */
  keyPrefix?: string | undefined;
  /** Kill switches changed by another process are read at least this often (within 5 s). */
  killSwitchRefreshMs?: number | undefined;
}

export interface ClusterMember {
  instanceId: string;
  /** What createServices shares with the other processes (buckets in Redis, kill-switch refresh). */
  deployment: SharedDeployment;
  /**
   * Resolves once Redis answers (or after `timeoutMs` with Redis still away: the process then
   * starts on its insurance buckets). Serving before it would count the first requests locally.
   */
  ready(timeoutMs?: number): Promise<void>;
  /** Carries invalidations between these services and the other processes (Redis pub/sub). */
  relay(services: Services): void;
  /** Stops the relay and disconnects from Redis (the services are closed by their owner). */
  close(): Promise<void>;
}

/**
 * One of several API processes sharing one PostgreSQL (and Redis). Joined before the services are
 * built, which take its `deployment`: every cached proof is then checked against the token's row
 * on each request, kill switches are re-read every couple of seconds, and with Redis the buckets
 * are shared; once the services exist, `relay` makes invalidations travel at once.
 */
export function joinCluster(options: ClusterOptions = {}): ClusterMember {
  const instanceId = randomUUID();
  const keyPrefix = options.keyPrefix ?? "layer";
  const killSwitchRefreshMs = options.killSwitchRefreshMs ?? 2_000;
  if (!options.redisUrl) {
    return {
      instanceId,
      deployment: { keyPrefix, killSwitchRefreshMs },
      ready: async () => {},
      relay: () => {},
      close: async () => {},
    };
  }
  // Redis errors are logged by the services' logger once they exist (there is no request before).
  let services: Services | undefined;
  const onError = (error: unknown) =>
    services?.logger.warn({ err: error, instanceId }, "redis unavailable; falling back");
  const redis = connectRedis(options.redisUrl, onError);
  const subscriber = connectRedis(options.redisUrl, onError);
  let relay: InvalidationRelay | undefined;
  return {
    instanceId,
    deployment: { redis, keyPrefix, killSwitchRefreshMs },
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
    relay(joined) {
      services = joined;
      relay = new InvalidationRelay(joined.invalidation, redis, subscriber, { keyPrefix, instanceId, onError });
    },
    async close() {
      relay?.close();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
