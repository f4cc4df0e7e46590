import type { Redis } from "ioredis";
import type { Services } from "../services.js";
import { AuthFailureGuard } from "./auth-failure-guard.js";
import { BucketStore } from "./rate-limit-buckets.js";
import { DEFAULT_AUTH_FAILURE_LIMITS, RATE_LIMIT_WINDOW_SECONDS, resolveRateLimits } from "./rate-limit-policy.js";
import { rateLimiter } from "./rate-limiter.js";
import type { RateLimitMiddleware } from "./rate-limit-slot.js";

export {
  DEFAULT_RATE_LIMITS,
  DEFAULT_AUTH_FAILURE_LIMITS,
  resolveRateLimits,
  type RateLimitTable,
} from "./rate-limit-policy.js";
export { BucketStore, type BucketState } from "./rate-limit-buckets.js";

export interface RateLimitSetup {
  /** Shared buckets in Redis; in-memory buckets of this process when absent. */
  redis?: Redis | undefined;
  /** Namespace of the Redis keys (default "layer"). */
  keyPrefix?: string | undefined;
  /** The limiter's window (default 60 s); tests that must wait one out use a short one. */
  windowSeconds?: number | undefined;
}

/**
 * Issue 4's limits for one API process: the per-(key_id, endpoint class) middleware for
 * AppOptions.rateLimit, and the failed-authentication buckets plugged into the authenticator.
 */
export function installRateLimits(services: Services, setup: RateLimitSetup = {}): RateLimitMiddleware {
  const store = new BucketStore({
    redis: setup.redis,
    keyPrefix: setup.keyPrefix ?? "layer",
    windowSeconds: setup.windowSeconds ?? RATE_LIMIT_WINDOW_SECONDS,
  });
  const limits = resolveRateLimits(services.config.rateLimits);
  services.authenticator.attach({
    verificationGuard: new AuthFailureGuard(store, services.config.authFailureLimits ?? DEFAULT_AUTH_FAILURE_LIMITS),
  });
  return rateLimiter(store, limits, setup.windowSeconds ?? RATE_LIMIT_WINDOW_SECONDS);
}
