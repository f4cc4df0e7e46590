import type { EndpointClass } from "@layer/contracts";
import type { ProvenToken } from "../auth/verification-cache.js";
import { ApiError } from "../http/api-error.js";
import type { BucketStore } from "./rate-limit-buckets.js";
import { setRateLimitHeaders, wholeSecondsAtLeastOne } from "./rate-limit-headers.js";
import type { RateLimitTable } from "./rate-limit-policy.js";
import type { RateLimitMiddleware } from "./rate-limit-slot.js";

/**
 * The per-(key_id, endpoint class) limiter (CONTRACT.md "Rate limits"): runs after authentication,
 * so only a proven token spends its own quota, and a noisy class never starves another.
 */
export function rateLimiter(store: BucketStore, limits: RateLimitTable, windowSeconds: number): RateLimitMiddleware {
  return (_req, res, next) => {
    const proven = res.locals["auth"] as ProvenToken | undefined;
    const cls = res.locals["endpointClass"] as EndpointClass | undefined;
    if (!proven || !cls) return next();
    const tier = proven.token.tier;
    // A callback rather than a promise chain: the bucket's answer is the only hop per request.
    // The callback must not throw (takeThen runs it inside a promise reaction, where a throw would
    // be an unhandled rejection), so whatever the rest of the request throws goes to Express here.
    store.takeThen(cls, proven.token.keyId, limits[tier][cls], (bucket) => {
      try {
        setRateLimitHeaders(res, bucket, cls, tier, windowSeconds);
        if (bucket.allowed) return next();
        const retryAfterMs = Math.max(1, Math.ceil(bucket.msBeforeReset));
        next(
          new ApiError(
            "RATE_LIMITED",
            `the ${cls} rate limit of this key (${bucket.limit} per ${windowSeconds} s) is spent; retry after the Retry-After seconds`,
            { endpointClass: cls, retryAfterMs },
            { "Retry-After": String(wholeSecondsAtLeastOne(retryAfterMs)) },
          ),
        );
      } catch (error) {
        next(error);
      }
    });
  };
}
