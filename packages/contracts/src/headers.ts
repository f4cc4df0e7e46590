/** Header names of the contract, lower-cased as Node and UrlFetchApp deliver them. */
export const HEADERS = {
  apiKey: "x-api-key",
  authorization: "authorization",
  requestId: "x-request-id",
  idempotencyKey: "idempotency-key",
  retryAfter: "retry-after",
  rateLimitLimit: "x-ratelimit-limit",
  rateLimitRemaining: "x-ratelimit-remaining",
  rateLimitReset: "x-ratelimit-reset",
  rateLimitEndpointClass: "x-ratelimit-endpoint-class",
  rateLimitTier: "x-ratelimit-tier",
  tokenExpiresAt: "x-token-expires-at",
  /** The organization a request works in (docs/contract.md "Organization context"). */
  organization: "layer-organization",
} as const;

/** Days before expiry at which clients and whoami advise rotation. */
export const EXPIRING_SOON_DAYS = 14;
