export {
  DEFAULT_RATE_LIMITS,
  DEFAULT_AUTH_FAILURE_LIMITS,
  RATE_LIMIT_WINDOW_SECONDS,
  resolveRateLimits,
  type RateLimitTable,
} from "./rate-limit-policy.js";
export { BucketStore, type BucketState } from "./rate-limit-buckets.js";
export { RateLimiter, rateLimitRefusal, type RateLimitVerdict } from "./rate-limiter.js";
export { setRateLimitHeaders } from "./rate-limit-headers.js";
