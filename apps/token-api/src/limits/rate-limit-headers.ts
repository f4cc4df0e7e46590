import type { EndpointClass, Tier } from "@layer/contracts";
import type { Response } from "express";
import { queueHeader } from "../http/header-block.js";
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
  queueHeader(res, "X-RateLimit-Limit", String(b.limit));
  queueHeader(res, "X-RateLimit-Remaining", String(b.remaining));
  queueHeader(res, "X-RateLimit-Reset", String(reset));
  queueHeader(res, "X-RateLimit-Endpoint-Class", cls);
  queueHeader(res, "X-RateLimit-Tier", tier);
  queueHeader(res, "RateLimit-Policy", `"${cls}";q=${b.limit};w=${windowSeconds}`);
  queueHeader(res, "RateLimit", `"${cls}";r=${b.remaining};t=${reset}`);
}
