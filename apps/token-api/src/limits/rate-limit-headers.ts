import type { EndpointClass, Tier } from "@layer/contracts";
import type { Response } from "express";
import { queuedFields } from "../http/header-block.js";
import type { BucketState } from "./rate-limit-buckets.js";

/** Whole seconds, rounded up and at least 1, so a client that waits them never comes back early. */
export const wholeSecondsAtLeastOne = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * CONTRACT.md "Headers" (X-RateLimit-*) and, beside them, the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers: RateLimit-Policy names the quota and window, RateLimit
 * the remaining quota and seconds to reset) so generic clients read the same numbers.
 */
export function setRateLimitHeaders(
  res: Response,
  b: BucketState,
  cls: EndpointClass,
  tier: Tier,
  windowSeconds: number,
): void {
  const reset = String(Math.max(0, Math.ceil(b.msBeforeReset / 1000)));
  const limit = String(b.limit);
  const remaining = String(b.remaining);
  // One push for the seven fields: they are on every /v1 response (header-block.ts).
  queuedFields(res).push(
    "X-RateLimit-Limit",
    limit,
    "X-RateLimit-Remaining",
    remaining,
    "X-RateLimit-Reset",
    reset,
    "X-RateLimit-Endpoint-Class",
    cls,
    "X-RateLimit-Tier",
    tier,
    "RateLimit-Policy",
    `"${cls}";q=${limit};w=${windowSeconds}`,
    "RateLimit",
    `"${cls}";r=${remaining};t=${reset}`,
  );
}
