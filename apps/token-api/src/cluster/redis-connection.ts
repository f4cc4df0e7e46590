import { Redis } from "ioredis";

/**
 * A Redis client that never makes a request wait for Redis: no offline queue (a command while
 * disconnected fails at once and the caller falls back), a short command timeout, and endless
 * reconnection in the background so the instance recovers by itself when Redis returns.
 */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Long enough for a busy event loop; a command that times out is counted in the insurance bucket.
    commandTimeout: 1_000,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1_000),
  });
  redis.on("error", onError);
  return redis;
}
