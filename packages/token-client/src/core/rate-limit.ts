import { HEADERS } from "@layer/contracts/headers";

/** The last rate-limit state the API reported, for connectors to show ("412 of 600 left this minute"). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the bucket refills. */
  resetSeconds: number;
  endpointClass: string | null;
  tier: string | null;
  /** Client clock (ms) when these headers arrived. */
  observedAt: number;
}

/** Reads the X-RateLimit-* headers; null when a response carries none (401s, proxies). */
export function readRateLimit(headers: Record<string, string>, now: number): RateLimitState | null {
  const limit = nonNegative(headers[HEADERS.rateLimitLimit]);
  const remaining = nonNegative(headers[HEADERS.rateLimitRemaining]);
  if (limit === null || remaining === null) return null;
  return {
    limit,
    remaining,
    resetSeconds: nonNegative(headers[HEADERS.rateLimitReset]) ?? 0,
    endpointClass: headers[HEADERS.rateLimitEndpointClass] ?? null,
    tier: headers[HEADERS.rateLimitTier] ?? null,
    observedAt: now,
  };
}

function nonNegative(v: string | undefined): number | null {
  if (v === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
