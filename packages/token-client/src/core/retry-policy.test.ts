import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  KillSwitchError,
  type LayerError,
  RateLimitError,
  ServiceUnavailableError,
} from "../errors/layer-error.js";
import { backoffMs } from "./backoff.js";
import { DEFAULT_RETRY_LIMITS, decideRetry, type RetryLimits, retryLimits } from "./retry-policy.js";

const limits: RetryLimits = { maxRetries: 3, maxWaitMs: 10_000, budgetMs: 25_000 };
const half = () => 0.5;

function rateLimited(retryAfterMs?: number): LayerError {
  const e = new RateLimitError({ status: 429, code: "RATE_LIMITED", requestId: "req_1", message: "slow down" });
  if (retryAfterMs !== undefined) e.retryAfterMs = retryAfterMs;
  return e;
}

describe("decideRetry", () => {
  it.each<[string, LayerError, { retriesSoFar: number; elapsedMs: number }, ReturnType<typeof decideRetry>]>([
    [
      "waits what the server asked",
      rateLimited(2000),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: true, waitMs: 2000, waitSource: "server" },
    ],
    [
      "backs off when the server named no wait",
      rateLimited(),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: true, waitMs: 250, waitSource: "backoff" },
    ],
    [
      "doubles the backoff ceiling per retry",
      rateLimited(),
      { retriesSoFar: 2, elapsedMs: 0 },
      { retry: true, waitMs: 1000, waitSource: "backoff" },
    ],
    [
      "stops after maxRetries, carrying the wait",
      rateLimited(2000),
      { retriesSoFar: 3, elapsedMs: 0 },
      { retry: false, stop: "max_retries", waitMs: 2000 },
    ],
    [
      "refuses a wait over maxWaitMs at once",
      rateLimited(10_001),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: false, stop: "max_wait", waitMs: 10_001 },
    ],
    [
      "accepts a wait of exactly maxWaitMs",
      rateLimited(10_000),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: true, waitMs: 10_000, waitSource: "server" },
    ],
    [
      "refuses a wait that ends past the budget",
      rateLimited(6000),
      { retriesSoFar: 1, elapsedMs: 20_000 },
      { retry: false, stop: "budget", waitMs: 6000 },
    ],
    [
      "accepts a wait that ends exactly at the budget",
      rateLimited(5000),
      { retriesSoFar: 1, elapsedMs: 20_000 },
      { retry: true, waitMs: 5000, waitSource: "server" },
    ],
    [
      "retries a connection failure with backoff",
      new ConnectionError({ status: 0, code: "CONNECTION_FAILED", requestId: "r", message: "x" }),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: true, waitMs: 250, waitSource: "backoff" },
    ],
    [
      "never retries a kill switch, even with Retry-After",
      new KillSwitchError({ status: 503, code: "KILL_SWITCH", requestId: "r", message: "x", retryAfterMs: 1000 }),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: false, stop: "not_retryable" },
    ],
    [
      "retries 503 SERVICE_UNAVAILABLE after its Retry-After",
      new ServiceUnavailableError({
        status: 503,
        code: "SERVICE_UNAVAILABLE",
        requestId: "r",
        message: "x",
        retryAfterMs: 1000,
      }),
      { retriesSoFar: 0, elapsedMs: 0 },
      { retry: true, waitMs: 1000, waitSource: "server" },
    ],
  ])("%s", (_name, error, state, expected) => {
    expect(decideRetry(error, { ...state, random: half }, limits)).toEqual(expected);
  });
});

describe("backoffMs", () => {
  it("is full jitter under a doubling ceiling, capped", () => {
    expect(backoffMs(1, () => 0)).toBe(0);
    expect(backoffMs(1, () => 0.999)).toBe(499);
    expect(backoffMs(4, () => 0.5)).toBe(2000);
    expect(backoffMs(40, () => 0.5)).toBe(15_000);
    expect(backoffMs(40, () => 0.5, 1000)).toBe(500);
  });

  it("survives a broken random()", () => {
    expect(backoffMs(1, () => Number.NaN)).toBe(250);
    expect(backoffMs(1, () => 7)).toBe(500);
    expect(backoffMs(1, () => -1)).toBe(0);
  });
});

describe("retryLimits", () => {
  it("replaces nonsense with the defaults and keeps what makes sense", () => {
    expect(retryLimits()).toEqual(DEFAULT_RETRY_LIMITS);
    expect(retryLimits({ maxRetries: -1, maxWaitMs: Number.NaN, budgetMs: 25_000 })).toEqual({
      ...DEFAULT_RETRY_LIMITS,
      budgetMs: 25_000,
    });
    expect(retryLimits({ maxRetries: 2.7 }).maxRetries).toBe(2);
    expect(retryLimits({ maxRetries: 0 }).maxRetries).toBe(0);
  });
});
