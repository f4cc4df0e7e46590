import type { OutgoingMessage } from "node:http";
import type { RateLimitVerdict } from "./rate-limiter.js";

/** Whole seconds, rounded up and at least 1, so a client that waits them never comes back early. */
export const wholeSecondsAtLeastOne = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * docs/contract.md "Headers" (X-RateLimit-*) and, beside them, the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers: RateLimit-Policy names the quota and window, RateLimit
 * the remaining quota and seconds to reset) so generic clients read the same numbers. Written on
 * any response (Node's `setHeader`), refusals included.
 */
export function setRateLimitHeaders(res: Pick<OutgoingMessage, "setHeader">, verdict: RateLimitVerdict): void {
  const { endpointClass: cls, windowSeconds } = verdict;
  const reset = Math.max(0, Math.ceil(verdict.msBeforeReset / 1000));
  res.setHeader("X-RateLimit-Limit", String(verdict.limit));
  res.setHeader("X-RateLimit-Remaining", String(verdict.remaining));
  res.setHeader("X-RateLimit-Reset", String(reset));
  res.setHeader("X-RateLimit-Endpoint-Class", cls);
  res.setHeader("X-RateLimit-Tier", verdict.tier);
  res.setHeader("RateLimit-Policy", `"${cls}";q=${verdict.limit};w=${windowSeconds}`);
  res.setHeader("RateLimit", `"${cls}";r=${verdict.remaining};t=${reset}`);
}
