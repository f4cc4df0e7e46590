import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";

/** One bucket after a request was counted in it. */
export interface BucketState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Until the window ends and the bucket is full again. */
  msBeforeReset: number;
}

export interface BucketStoreOptions {
  /** Buckets shared by every instance (atomic Lua INCR in Redis); otherwise this process only. */
  redis?: Redis | undefined;
  /** Namespaces every Redis key (tests give each run its own). */
  keyPrefix: string;
  windowSeconds: number;
}

/**
 * Fixed-window buckets from rate-limiter-flexible: a window opens at the first request and holds
 * `limit` requests. With Redis the counter is shared and updated atomically; when Redis cannot be
 * reached the same request is counted in an in-memory insurance bucket instead, so the API keeps
 * answering with per-instance limits until Redis returns (README "Rate limits and kill switches").
 */
export class BucketStore {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: BucketStoreOptions) {}

  /**
   * Counts one request in `bucket:key` and judges it against `limit`. The library counts and the
   * limit is applied here, so a key keeps its count for the window when its tier changes. Neither
   * Redis nor the insurance bucket answering lets the request through rather than fail it.
   */
  async take(bucket: string, key: string, limit: number): Promise<BucketState> {
    let counted: RateLimiterRes;
    try {
      counted = await this.limiter(bucket).consume(key, 1);
    } catch {
      return { allowed: true, limit, remaining: limit, msBeforeReset: this.options.windowSeconds * 1000 };
    }
    return {
      allowed: counted.consumedPoints <= limit,
      limit,
      remaining: Math.max(0, limit - counted.consumedPoints),
      msBeforeReset: counted.msBeforeNext,
    };
  }

  /** Gives back a point taken by `take` (a verification that proved the secret). */
  async giveBack(bucket: string, key: string): Promise<void> {
    await this.limiter(bucket)
      .reward(key, 1)
      .catch(() => {});
  }

  private limiter(bucket: string): RateLimiterAbstract {
    let limiter = this.limiters.get(bucket);
    if (limiter) return limiter;
    const keyPrefix = `${this.options.keyPrefix}:rl:${bucket}`;
    const duration = this.options.windowSeconds;
    // The library only counts; `take` judges against the key's current limit.
    const points = Number.MAX_SAFE_INTEGER;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    limiter = this.options.redis
      ? new RateLimiterRedis({
          storeClient: this.options.redis,
          keyPrefix,
          points,
          duration,
          // A disconnected client fails over at once instead of waiting for a timeout.
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
    this.limiters.set(bucket, limiter);
    return limiter;
  }
}
