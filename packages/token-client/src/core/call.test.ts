import { describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  ForbiddenScopeError,
  InternalServerError,
  KillSwitchError,
  LayerError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
} from "../errors/layer-error.js";
import { drive, envelope, type Outcome, reply, TOKEN } from "../test-support/drive.js";
import type { RetryInfo } from "./config.js";
import { endpoints } from "./endpoints.js";

const ok = reply(200, { ok: true });
const whoami = endpoints.whoami();

function failure(result: ReturnType<typeof drive>): LayerError {
  if (result.final.type !== "fail") throw new Error(`expected a failure, got ${result.final.type}`);
  return result.final.error;
}

describe("each status, one attempt, not retried", () => {
  it.each<[string, Outcome, new (...a: never[]) => LayerError, string]>([
    [
      "400",
      reply(400, envelope("VALIDATION_FAILED", { issues: [{ path: "limit", message: "too big" }] })),
      ValidationError,
      "VALIDATION_FAILED",
    ],
    ["401", reply(401, envelope("UNAUTHENTICATED", { reason: "invalid" })), AuthenticationError, "UNAUTHENTICATED"],
    [
      "403",
      reply(403, envelope("FORBIDDEN_SCOPE", { scope: "projects:read" })),
      ForbiddenScopeError,
      "FORBIDDEN_SCOPE",
    ],
    ["404", reply(404, envelope("NOT_FOUND")), NotFoundError, "NOT_FOUND"],
    ["409", reply(409, envelope("CONFLICT")), ConflictError, "CONFLICT"],
    ["413", reply(413, envelope("PAYLOAD_TOO_LARGE")), PayloadTooLargeError, "PAYLOAD_TOO_LARGE"],
    [
      "503 KILL_SWITCH (even with Retry-After)",
      reply(503, envelope("KILL_SWITCH", { scope: "organization" }), { "Retry-After": "1" }),
      KillSwitchError,
      "KILL_SWITCH",
    ],
    ["422 without an envelope", reply(422, "<html>"), ValidationError, "VALIDATION_FAILED"],
    ["418, unknown to the contract", reply(418, "teapot"), LayerError, "HTTP_ERROR"],
  ])("%s", (_name, outcome, Class, code) => {
    const result = drive(whoami, [outcome]);
    const error = failure(result);
    expect(error).toBeInstanceOf(Class);
    expect(error.code).toBe(code);
    expect(result.sent).toHaveLength(1);
    expect(result.sleeps).toEqual([]);
    expect(error.retryStoppedBy).toBeUndefined();
  });

  it("keeps the details each class exposes", () => {
    const v = failure(
      drive(whoami, [reply(400, envelope("VALIDATION_FAILED", { issues: [{ path: "limit", message: "too big" }] }))]),
    );
    expect((v as ValidationError).issues).toEqual([{ path: "limit", message: "too big" }]);
    const k = failure(drive(whoami, [reply(503, envelope("KILL_SWITCH", { scope: "organization" }))]));
    expect((k as KillSwitchError).scope).toBe("organization");
    const a = failure(
      drive(whoami, [
        reply(
          401,
          envelope("UNAUTHENTICATED", {
            reason: "expired",
            keyId: "ABCDEFGHJKMNPQRS",
            name: "Excel - Budget",
            expiredAt: "2026-11-01T00:00:00Z",
          }),
        ),
      ]),
    ) as AuthenticationError;
    expect([a.reason, a.keyId, a.tokenName, a.expiredAt, a.status, a.requestId]).toEqual([
      "expired",
      "ABCDEFGHJKMNPQRS",
      "Excel - Budget",
      "2026-11-01T00:00:00Z",
      401,
      "req_server",
    ]);
  });
});

describe("each retried status, then success", () => {
  it.each<[string, Outcome, number]>([
    [
      "429 with Retry-After seconds",
      reply(429, envelope("RATE_LIMITED", { endpointClass: "read-light", retryAfterMs: 1500 }), { "Retry-After": "2" }),
      2000,
    ],
    [
      "429 with only details.retryAfterMs",
      reply(429, envelope("RATE_LIMITED", { endpointClass: "read-light", retryAfterMs: 1500 })),
      1500,
    ],
    // The fake clock starts at 1,000,000 ms and the response arrives 100 ms later.
    [
      "429 with an HTTP-date",
      reply(429, envelope("RATE_LIMITED"), { "Retry-After": new Date(1_004_000).toUTCString() }),
      3900,
    ],
    ["429 with a garbage Retry-After: backoff", reply(429, envelope("RATE_LIMITED"), { "Retry-After": "later" }), 250],
    ["429 with a negative Retry-After: backoff", reply(429, envelope("RATE_LIMITED"), { "Retry-After": "-3" }), 250],
    ["503 SERVICE_UNAVAILABLE", reply(503, envelope("SERVICE_UNAVAILABLE"), { "Retry-After": "1" }), 1000],
    ["502 from a proxy (HTML)", reply(502, "<html>Bad Gateway</html>"), 250],
    ["504 from a gateway", reply(504, ""), 250],
    ["500 INTERNAL", reply(500, envelope("INTERNAL")), 250],
    ["a connection failure", { timedOut: false, message: "connect ECONNREFUSED 127.0.0.1:1" }, 250],
    ["a timeout", { timedOut: true }, 250],
  ])("%s", (_name, outcome, wait) => {
    const result = drive(whoami, [outcome, ok]);
    expect(result.final).toMatchObject({ type: "done", value: { ok: true } });
    expect(result.sleeps).toEqual([wait]);
    expect(result.sent).toHaveLength(2);
  });
});

describe("the error after the last retry", () => {
  it.each<[string, Outcome, new (...a: never[]) => LayerError, number]>([
    [
      "429",
      reply(429, envelope("RATE_LIMITED", { endpointClass: "write-light" }), { "Retry-After": "1" }),
      RateLimitError,
      429,
    ],
    ["503", reply(503, envelope("SERVICE_UNAVAILABLE"), { "Retry-After": "1" }), ServiceUnavailableError, 503],
    ["502", reply(502), ServiceUnavailableError, 502],
    ["504", reply(504), TimeoutError, 504],
    ["500", reply(500, envelope("INTERNAL")), InternalServerError, 500],
    ["connection failure", { timedOut: false, message: "getaddrinfo ENOTFOUND api.test" }, ConnectionError, 0],
    ["timeout", { timedOut: true, message: "no answer within 30000 ms" }, TimeoutError, 0],
  ])("%s: maxRetries + 1 attempts, then the class of its meaning", (_name, outcome, Class, status) => {
    const result = drive(whoami, Array(5).fill(outcome), { retry: { maxRetries: 4 } });
    const error = failure(result);
    expect(error).toBeInstanceOf(Class);
    expect(error.status).toBe(status);
    expect(result.sent).toHaveLength(5);
    expect(result.sleeps).toHaveLength(4);
    expect(error.retryStoppedBy).toBe("max_retries");
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
  });

  it("names the endpoint class of a 429", () => {
    const error = failure(
      drive(whoami, [reply(429, envelope("RATE_LIMITED", { endpointClass: "long-running" }), { "Retry-After": "1" })], {
        retry: { maxRetries: 0 },
      }),
    );
    expect((error as RateLimitError).endpointClass).toBe("long-running");
  });
});

describe("budgets", () => {
  it("fails at once, without sleeping, when the first wait does not fit, carrying the wait", () => {
    const result = drive(whoami, [reply(429, envelope("RATE_LIMITED"), { "Retry-After": "30" })], {
      retry: { budgetMs: 25_000 },
    });
    const error = failure(result);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.retryStoppedBy).toBe("budget");
    expect(result.sleeps).toEqual([]);
    expect(result.sent).toHaveLength(1);
  });

  it("counts the time already spent: the second wait that would end past the budget fails at once", () => {
    const r429 = reply(429, envelope("RATE_LIMITED"), { "Retry-After": "10" });
    const result = drive(whoami, [r429, r429, r429], { retry: { budgetMs: 25_000 }, requestMs: 2000 });
    const error = failure(result);
    // Spent before each wait: 2 s (+10 fits), 14 s (+10 = 24 fits), 26 s (over already): two sleeps, three sends.
    expect(result.sleeps).toEqual([10_000, 10_000]);
    expect(result.sent).toHaveLength(3);
    expect(error.retryStoppedBy).toBe("budget");
    expect(error.retryAfterMs).toBe(10_000);
  });

  it("refuses a single wait over maxWaitMs at once (an absurd Retry-After)", () => {
    const result = drive(whoami, [reply(503, envelope("SERVICE_UNAVAILABLE"), { "Retry-After": "99999999" })]);
    const error = failure(result);
    expect(error.retryStoppedBy).toBe("max_wait");
    expect(error.retryAfterMs).toBe(24 * 3600 * 1000);
    expect(result.sleeps).toEqual([]);
  });

  it("never retries with maxRetries 0, but still says how long to wait", () => {
    const result = drive(whoami, [reply(429, envelope("RATE_LIMITED"), { "Retry-After": "4" })], {
      retry: { maxRetries: 0 },
    });
    expect(failure(result)).toMatchObject({ retryStoppedBy: "max_retries", retryAfterMs: 4000 });
  });
});

describe("hooks", () => {
  it("onRateLimit returning false vetoes the wait: the error carries it and nothing sleeps", () => {
    const onRateLimit = vi.fn<(info: RetryInfo) => boolean>(() => false);
    const onRetry = vi.fn();
    const result = drive(whoami, [reply(429, envelope("RATE_LIMITED"), { "Retry-After": "5" })], {
      onRateLimit,
      onRetry,
    });
    expect(failure(result)).toMatchObject({ retryStoppedBy: "vetoed", retryAfterMs: 5000, status: 429 });
    expect(onRateLimit).toHaveBeenCalledOnce();
    expect(onRateLimit.mock.calls[0]?.[0]).toMatchObject({
      attempt: 1,
      waitMs: 5000,
      waitSource: "server",
      status: 429,
      code: "RATE_LIMITED",
      path: "/v1/whoami?include=projects",
    });
    expect(onRetry).not.toHaveBeenCalled();
    expect(result.sleeps).toEqual([]);
  });

  it("onRateLimit returning nothing lets the wait happen; it is not asked about other retries", () => {
    const onRateLimit = vi.fn();
    const onRetry = vi.fn();
    const result = drive(whoami, [reply(429, envelope("RATE_LIMITED"), { "Retry-After": "1" }), reply(502), ok], {
      onRateLimit,
      onRetry,
    });
    expect(result.final.type).toBe("done");
    expect(onRateLimit).toHaveBeenCalledOnce();
    expect(onRetry.mock.calls.map(([i]) => [i.attempt, i.status, i.waitMs])).toEqual([
      [1, 429, 1000],
      [2, 502, 500],
    ]);
  });
});

describe("requests", () => {
  it("sends X-Api-Key and one X-Request-Id across every retry of a call", () => {
    const result = drive(whoami, [reply(503, envelope("SERVICE_UNAVAILABLE"), { "Retry-After": "1" }), reply(502), ok]);
    const ids = result.sent.map((r) => r.headers["X-Request-Id"]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^req_[0-9a-z]{24}$/);
    expect(result.sent.every((r) => r.headers["X-Api-Key"] === TOKEN)).toBe(true);
    expect(result.sent[0]?.headers["Idempotency-Key"]).toBeUndefined();
    expect(result.sent[0]?.url).toBe("https://api.test/v1/whoami?include=projects");
  });

  it("sends one Idempotency-Key across the retries of a POST, with a JSON body", () => {
    let n = 0;
    const random = () => {
      n = (n * 7 + 3) % 97;
      return n / 97;
    };
    const result = drive(
      endpoints.rotateSelf({ graceSeconds: 3600 }),
      [{ timedOut: true }, reply(500, envelope("INTERNAL")), reply(201, { token: {} })],
      { random },
    );
    const keys = result.sent.map((r) => r.headers["Idempotency-Key"]);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
    expect(result.sent[0]).toMatchObject({
      method: "POST",
      body: '{"graceSeconds":3600}',
      headers: { "Content-Type": "application/json" },
    });
  });

  it("gives two calls two request ids and two idempotency keys", () => {
    let n = 0;
    const random = () => {
      n = (n * 31 + 17) % 1009;
      return n / 1009;
    };
    const a = drive(endpoints.rotateSelf(), [ok], { random }).sent[0];
    const b = drive(endpoints.rotateSelf(), [ok], { random }).sent[0];
    expect(a?.headers["X-Request-Id"]).not.toBe(b?.headers["X-Request-Id"]);
  });

  it("leaves X-Request-Id out when asked (a browser whose CORS preflight refuses it)", () => {
    const result = drive(whoami, [ok], { sendRequestId: false });
    expect(result.sent[0]?.headers["X-Request-Id"]).toBeUndefined();
  });

  it("encodes path segments and builds the rows query by hand", () => {
    const plan = endpoints.rowsPage("prj/1", "tbl 2", { limit: 50, cursor: "a+b=", fields: ["order_id", "amount"] });
    expect(plan.path).toBe(
      "/v1/projects/prj%2F1/tables/tbl%202/rows?limit=50&cursor=a%2Bb%3D&fields=order_id%2Camount",
    );
    expect(() => endpoints.getProject("")).toThrow(TypeError);
  });
});

describe("responses", () => {
  it("returns null for an empty 2xx body", () => {
    expect(drive(whoami, [reply(204)]).final).toMatchObject({ type: "done", value: null });
  });

  it("fails, without retrying, on a 2xx that is not JSON (a login page in between)", () => {
    const result = drive(whoami, [reply(200, "<html>sign in</html>")]);
    expect(failure(result)).toMatchObject({ code: "BAD_RESPONSE", status: 200 });
    expect(result.sent).toHaveLength(1);
  });
});
