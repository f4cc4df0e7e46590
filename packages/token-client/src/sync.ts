// The Apps Script entry: everything but the fetch driver. It and all it imports avoid fetch,
// timers, URL, URLSearchParams, TextEncoder and crypto (docs/hosts.md, "Google Sheets").
export * from "./tokens.js";
export * from "./errors/index.js";
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
export type { AsyncPageRun, PageRunState, PagesOptions, PagesQuery, SyncPageRun } from "./core/paging.js";
export { createThrottle, type SharedThrottle } from "./core/throttle.js";
export * from "./guidance/index.js";
export { parseRetryAfter } from "./core/retry-after.js";
