// The Apps Script entry: everything but the fetch driver. It and all it imports avoid fetch,
// timers, URL, URLSearchParams, TextEncoder and crypto (PLATFORM.md, "Google Sheets").
export * from "./tokens.js";
export * from "./errors/index.js";
export * from "./rotation-advice.js";
export {
  createSyncClient,
  type LayerSyncClient,
  type SyncClientOptions,
  type SyncPagesOptions,
  type UrlFetchParams,
  type UrlFetchResponseLike,
  type UrlFetchTransport,
} from "./sync-client.js";
export type { RetryInfo, CommonClientOptions } from "./core/config.js";
export type { RetryLimits } from "./core/retry-policy.js";
export type { RateLimitState } from "./core/rate-limit.js";
export type { RowsPageOptions, RotateSelfOptions } from "./core/endpoints.js";
export { parseRetryAfter } from "./core/retry-after.js";
