import type { LayerError, RetryStop } from "../errors/layer-error.js";
import { backoffMs } from "./backoff.js";

export interface RetryLimits {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The longest single wait the caller accepts; a longer one fails at once. */
  maxWaitMs: number;
  /** Total time from the call's start; a wait that would end past it fails at once. */
  budgetMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxRetries: 4, maxWaitMs: 60_000, budgetMs: 120_000 };

/** Caller-supplied limits, with nonsense (negative, NaN) replaced by the defaults. */
export function retryLimits(partial: Partial<RetryLimits> = {}): RetryLimits {
  const pick = (v: number | undefined, d: number) => (typeof v === "number" && v >= 0 && !Number.isNaN(v) ? v : d);
  return {
    maxRetries: Math.floor(pick(partial.maxRetries, DEFAULT_RETRY_LIMITS.maxRetries)),
    maxWaitMs: pick(partial.maxWaitMs, DEFAULT_RETRY_LIMITS.maxWaitMs),
    budgetMs: pick(partial.budgetMs, DEFAULT_RETRY_LIMITS.budgetMs),
  };
}

/**
 * Retried (docs/contract.md "Error envelope"): 429, 503 SERVICE_UNAVAILABLE, 502, 504, 500 INTERNAL
 * ("with backoff"), no response at all. Everything else, 503 KILL_SWITCH above all, is final.
 * Decided by code, not status: two 503s mean opposite things.
 */
const RETRYABLE = new Set<string>([
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "BAD_GATEWAY",
  "GATEWAY_TIMEOUT",
  "INTERNAL",
  "CONNECTION_FAILED",
  "TIMEOUT",
]);

export function isRetryable(error: LayerError): boolean {
  return RETRYABLE.has(error.code);
}

export type RetryDecision =
  | { retry: true; waitMs: number; waitSource: "server" | "backoff" }
  | { retry: false; stop: RetryStop; waitMs?: number };

export interface RetryState {
  /** Retries already made in this call. */
  retriesSoFar: number;
  elapsedMs: number;
  random: () => number;
}

/** The one retry policy: retry after how long, or stop and why. Pure. */
export function decideRetry(error: LayerError, state: RetryState, limits: RetryLimits): RetryDecision {
  if (!isRetryable(error)) return { retry: false, stop: "not_retryable" };
  const server = error.retryAfterMs;
  const waitSource = server === undefined ? "backoff" : "server";
  const waitMs = server ?? backoffMs(state.retriesSoFar + 1, state.random, limits.maxWaitMs);
  if (state.retriesSoFar >= limits.maxRetries) return { retry: false, stop: "max_retries", waitMs };
  if (waitMs > limits.maxWaitMs) return { retry: false, stop: "max_wait", waitMs };
  if (state.elapsedMs + waitMs > limits.budgetMs) return { retry: false, stop: "budget", waitMs };
  return { retry: true, waitMs, waitSource };
}
