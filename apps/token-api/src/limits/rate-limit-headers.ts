import type { EndpointClass, Tier } from "@layer/contracts";
import type { Response } from "express";
import type { BucketState } from "./rate-limit-buckets.js";

/** Whole seconds, rounded up and at least 1, so a client that waits them never comes back early. */
export const wholeSecondsAtLeastOne = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * CONTRACT.md "Headers" (X-RateLimit-*) and, beside them, the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers: RateLimit-Policy names the quota and window, RateLimit
 * the remaining quota and seconds to reset) so generic clients read the same numbers.
 */
export function setRateLimitHeaders(res: Response, b: BucketState, cls: EndpointClass, tier: Tier, windowSeconds: number): void {
  const reset = Math.max(0, Math.ceil(b.msBeforeReset / 1000));
  res.setHeader("X-RateLimit-Limit", String(b.limit));
  res.setHeader("X-RateLimit-Remaining", String(b.remaining));
  res.setHeader("X-RateLimit-Reset", String(reset));
  res.setHeader("X-RateLimit-Endpoint-Class", cls);
  res.setHeader("X-RateLimit-Tier", tier);
  res.setHeader("RateLimit-Policy", `"${cls}";q=${b.limit};w=${windowSeconds}`);
  res.setHeader("RateLimit", `"${cls}";r=${b.remaining};t=${reset}`);
}
