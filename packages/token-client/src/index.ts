// The whole public surface (README.md "Public surface"). Apps Script bundles import "./sync" instead.
export * from "./sync.js";
export { createClient, LayerClient, type ClientOptions, type FetchLike } from "./client.js";
export { Call, type Step, type OutgoingRequest, type NoResponse } from "./core/call.js";
export {
  decideRetry,
  isRetryable,
  retryLimits,
  DEFAULT_RETRY_LIMITS,
  type RetryDecision,
} from "./core/retry-policy.js";
export { errorFromResponse, type ReceivedResponse } from "./errors/from-response.js";
