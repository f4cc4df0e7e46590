import { type ReceivedResponse, errorFromResponse } from "../errors/from-response.js";
import { ConnectionError, LayerError, RateLimitError, ThrottledError, TimeoutError } from "../errors/layer-error.js";
import { redactSecrets } from "../token/redact.js";
import type { CallConfig, RetryInfo } from "./config.js";
import type { CallPlan } from "./endpoints.js";
import { newIdempotencyKey, newRequestId } from "./ids.js";
import { decideRetry, type RetryLimits } from "./retry-policy.js";
import { throttleCause } from "./throttle.js";

export interface OutgoingRequest {
  method: "GET" | "POST";
  url: string;
  /** Canonical case; holds the token: never log or store. */
  headers: Record<string, string>;
  body?: string;
}

/** What the core tells a driver to do next. */
export type Step =
  | { type: "send"; request: OutgoingRequest; attempt: number }
  | { type: "sleep"; ms: number; info: RetryInfo }
  /** Waiting out the session's shared deadline before sending (not a retry: no hook sees it). */
  | { type: "sleep"; ms: number; info: null }
  | { type: "done"; value: unknown; response: ReceivedResponse }
  | { type: "fail"; error: LayerError };

/** How a send ended without a response. */
export interface NoResponse {
  timedOut: boolean;
  /** The transport's own words; redacted before use. */
  message?: string;
}

/**
 * One logical call as a state machine that owns no I/O (after h11): the driver feeds it what
 * happened (a response, no response, a finished sleep) and does what the returned step says.
 * The request id and idempotency key are fixed at the start, so every retry carries the same ones.
 */
export class Call {
  // `declare`: assigned in the constructor only, so an ES2019 bundle needs no class-field helpers.
  declare readonly plan: CallPlan;
  declare private readonly config: CallConfig;
  declare private readonly startedAt: number;
  declare private readonly requestId: string;
  declare private readonly request: OutgoingRequest;
  declare private readonly limits: RetryLimits;
  declare private retries: number;
  /** Whether the last step was a sleep: after one, the request goes out (a clock that did not move must not loop). */
  declare private slept: boolean;
  declare private heldBack: boolean;

  /** `limits` narrows the client's retry limits for this call (a page that must fit in a run's time). */
  constructor(plan: CallPlan, config: CallConfig, limits?: Partial<RetryLimits>) {
    this.plan = plan;
    this.config = config;
    this.limits = narrow(config.limits, limits);
    this.retries = 0;
    this.slept = false;
    this.heldBack = false;
    this.startedAt = config.clock();
    this.requestId = newRequestId(config.random);
    const headers: Record<string, string> = { "X-Api-Key": config.token, Accept: "application/json" };
    if (config.sendRequestId) headers["X-Request-Id"] = this.requestId;
    if (config.userAgent) headers["User-Agent"] = config.userAgent;
    if (config.organization !== undefined) headers["Layer-Organization"] = config.organization;
    this.request = { method: plan.method, url: config.baseUrl + plan.path, headers };
    if (plan.method === "POST") headers["Idempotency-Key"] = newIdempotencyKey(config.random);
    if (plan.body !== undefined) {
      headers["Content-Type"] = "application/json";
      this.request.body = JSON.stringify(plan.body);
    }
  }

  start(): Step {
    return this.send();
  }

  onSlept(): Step {
    if (this.heldBack) this.heldBack = false;
    else this.retries++;
    this.slept = true;
    return this.send();
  }

  onResponse(res: ReceivedResponse): Step {
    if (res.status >= 200 && res.status < 300) return this.succeeded(res);
    return this.failed(
      errorFromResponse(res, { requestId: this.requestId, now: this.config.clock(), secret: this.config.token }),
    );
  }

  onNoResponse(failure: NoResponse): Step {
    const cause = failure.message ? `: ${redactSecrets(failure.message, this.config.token).slice(0, 200)}` : "";
    const init = { status: 0, requestId: this.requestId };
    const error = failure.timedOut
      ? new TimeoutError({ ...init, code: "TIMEOUT", message: `The Layer API did not answer in time${cause}` })
      : new ConnectionError({ ...init, code: "CONNECTION_FAILED", message: `Could not reach the Layer API${cause}` });
    return this.failed(error);
  }

  private send(): Step {
    const held = this.slept ? null : this.holdBack();
    this.slept = false;
    return held ?? { type: "send", request: this.request, attempt: this.retries + 1 };
  }

  /** Waits out the session's shared deadline if it fits this call's limits, else fails without sending. */
  private holdBack(): Step | null {
    const throttle = this.config.throttle;
    const now = this.config.clock();
    const waitMs = throttle.waitMs(now);
    if (waitMs <= 0) return null;
    const elapsedMs = Math.max(0, now - this.startedAt);
    const stop =
      waitMs > this.limits.maxWaitMs ? "max_wait" : elapsedMs + waitMs > this.limits.budgetMs ? "budget" : null;
    if (stop === null) {
      this.heldBack = true;
      return { type: "sleep", ms: waitMs, info: null };
    }
    const error = new ThrottledError({
      requestId: this.requestId,
      retryAt: throttle.retryAt,
      heldBy: throttle.heldBy ?? "RATE_LIMITED",
      retryAfterMs: waitMs,
      message: `Layer asked this session to wait; no request goes out before ${new Date(throttle.retryAt).toISOString()}.`,
    });
    error.retryStoppedBy = stop;
    return { type: "fail", error };
  }

  private succeeded(res: ReceivedResponse): Step {
    if (res.text.trim() === "") return { type: "done", value: null, response: res };
    try {
      return { type: "done", value: JSON.parse(res.text), response: res };
    } catch {
      return {
        type: "fail",
        error: new LayerError({
          status: res.status,
          code: "BAD_RESPONSE",
          requestId: this.requestId,
          message: "The Layer API answered with something that is not JSON (a proxy or login page in between?).",
        }),
      };
    }
  }

  private failed(error: LayerError): Step {
    const elapsedMs = Math.max(0, this.config.clock() - this.startedAt);
    const decision = decideRetry(
      error,
      { retriesSoFar: this.retries, elapsedMs, random: this.config.random },
      this.limits,
    );
    // A wait the API asked of this call is every call's wait, whether this one waits it out or gives up.
    const cause = throttleCause(error.code);
    const waitMs = decision.waitMs;
    if (cause !== null && waitMs !== undefined) this.config.throttle.holdUntil(this.config.clock() + waitMs, cause);
    if (!decision.retry) {
      if (decision.stop !== "not_retryable") {
        error.retryStoppedBy = decision.stop;
        error.retryAfterMs = decision.waitMs;
      }
      return { type: "fail", error };
    }
    const info: RetryInfo = {
      attempt: this.retries + 1,
      waitMs: decision.waitMs,
      waitSource: decision.waitSource,
      error,
      status: error.status,
      code: error.code,
      method: this.plan.method,
      path: this.plan.path,
      requestId: this.requestId,
      elapsedMs,
    };
    if (error instanceof RateLimitError && this.config.onRateLimit?.(info) === false) {
      error.retryStoppedBy = "vetoed";
      error.retryAfterMs = decision.waitMs;
      return { type: "fail", error };
    }
    this.config.onRetry?.(info);
    return { type: "sleep", ms: decision.waitMs, info };
  }
}

function narrow(base: RetryLimits, by: Partial<RetryLimits> | undefined): RetryLimits {
  if (!by) return base;
  const min = (a: number, b: number | undefined) => (typeof b === "number" && b >= 0 ? Math.min(a, b) : a);
  return {
    maxRetries: min(base.maxRetries, by.maxRetries),
    maxWaitMs: min(base.maxWaitMs, by.maxWaitMs),
    budgetMs: min(base.budgetMs, by.budgetMs),
  };
}
