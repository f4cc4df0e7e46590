import { describe, expect, it } from "vitest";
import { errorFromResponse } from "../errors/from-response.js";
import { ConnectionError, LayerError, ThrottledError } from "../errors/layer-error.js";
import { classifyFailure, KIND_OF_TOPIC } from "./classify-failure.js";
import { DEFAULT_WAIT_MS } from "./default-waits.js";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const ACCOUNT = "https://layer.test/account/api";

/** An error as the client builds it from a response. */
function answered(
  status: number,
  code: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return errorFromResponse(
    { status, headers, text: JSON.stringify({ error: { code, message: "m", requestId: "req_1", details } }) },
    { requestId: "req_1", now: NOW },
  );
}

describe("classifyFailure", () => {
  it.each([
    [401, "UNAUTHENTICATED", "fix-token", "token-refused"],
    [403, "FORBIDDEN_SCOPE", "fix-token", "token-lacks-scope"],
    [503, "KILL_SWITCH", "tell-admin", "token-disabled"],
    [429, "RATE_LIMITED", "wait", "rate-limited"],
    [503, "SERVICE_UNAVAILABLE", "retry-later", "unavailable"],
    [502, "BAD_GATEWAY", "retry-later", "unavailable"],
    [504, "GATEWAY_TIMEOUT", "retry-later", "unavailable"],
    [500, "INTERNAL", "retry-later", "unavailable"],
    [404, "NOT_FOUND", "bug", "not-found"],
    [400, "VALIDATION_FAILED", "bug", "bad-request"],
    [409, "CONFLICT", "bug", "bad-request"],
    [413, "PAYLOAD_TOO_LARGE", "bug", "bad-request"],
    [418, "HTTP_ERROR", "bug", "bad-response"],
  ])("%i %s: %s (%s)", (status, code, kind, topic) => {
    expect(classifyFailure(answered(status, code), NOW)).toMatchObject({ kind, topic, code });
  });

  it("treats a failure to reach Layer as retry-later and anything that is not Layer's as a bug", () => {
    const offline = new ConnectionError({ status: 0, code: "CONNECTION_FAILED", requestId: "r", message: "down" });
    expect(classifyFailure(offline, NOW)).toMatchObject({
      kind: "retry-later",
      topic: "unreachable",
      retryAt: NOW + 30_000,
    });
    expect(classifyFailure(new TypeError("x is undefined"), NOW)).toMatchObject({
      kind: "bug",
      topic: "unexpected",
      code: "UNEXPECTED",
      retryAt: null,
    });
    expect(classifyFailure(undefined, NOW)).toMatchObject({ kind: "bug", code: "UNEXPECTED" });
  });

  it("retries at the server's Retry-After when there is one", () => {
    const limited = answered(429, "RATE_LIMITED", {}, { "retry-after": "7" });
    expect(classifyFailure(limited, NOW).retryAt).toBe(NOW + 7_000);
  });

  it("falls back to the one table of default waits when nothing says how long", () => {
    expect(classifyFailure(answered(503, "SERVICE_UNAVAILABLE"), NOW).retryAt).toBe(
      NOW + DEFAULT_WAIT_MS.SERVICE_UNAVAILABLE,
    );
    expect(classifyFailure(answered(429, "RATE_LIMITED"), NOW).retryAt).toBe(NOW + DEFAULT_WAIT_MS.RATE_LIMITED);
    expect(DEFAULT_WAIT_MS.SERVICE_UNAVAILABLE).toBe(30_000);
    expect(DEFAULT_WAIT_MS.RATE_LIMITED).toBe(60_000);
  });

  it("has no retry time for what waiting does not fix", () => {
    for (const [status, code] of [
      [401, "UNAUTHENTICATED"],
      [503, "KILL_SWITCH"],
      [404, "NOT_FOUND"],
    ] as const) {
      expect(classifyFailure(answered(status, code, {}, { "retry-after": "5" }), NOW).retryAt).toBeNull();
    }
  });

  it("words a call held back by the session's deadline like the answer that set it, at that deadline", () => {
    const held = (heldBy: "RATE_LIMITED" | "SERVICE_UNAVAILABLE") =>
      new ThrottledError({ requestId: "r", message: "held", retryAt: NOW + 42_000, heldBy, retryAfterMs: 42_000 });
    expect(classifyFailure(held("RATE_LIMITED"), NOW)).toMatchObject({
      kind: "wait",
      code: "RATE_LIMITED",
      retryAt: NOW + 42_000,
    });
    expect(classifyFailure(held("SERVICE_UNAVAILABLE"), NOW)).toMatchObject({
      kind: "retry-later",
      code: "SERVICE_UNAVAILABLE",
    });
  });

  it("names the token from the 401's details, else from the caller's context", () => {
    const revoked = answered(401, "UNAUTHENTICATED", {
      reason: "revoked",
      name: "Excel - Budget",
      keyId: "ABCDEFGHJKMNPQRS",
      revokedAt: "2026-11-30T09:00:00Z",
    });
    expect(
      classifyFailure(revoked, NOW, { tool: "Excel", accountUrl: ACCOUNT, token: { name: "stored", keyId: "X" } }),
    ).toMatchObject({
      reason: "revoked",
      token: { name: "Excel - Budget", keyId: "ABCDEFGHJKMNPQRS" },
    });
    const bare = answered(401, "UNAUTHENTICATED", { reason: "invalid" });
    expect(
      classifyFailure(bare, NOW, { tool: "Excel", accountUrl: ACCOUNT, token: { name: "stored", keyId: "KEY" } }),
    ).toMatchObject({
      reason: "invalid",
      token: { name: "stored", keyId: "KEY" },
      advice: null,
    });
    expect(classifyFailure(bare, NOW).token).toEqual({ name: null, keyId: null });
  });

  it("gives the rotation advice of an expired or revoked token when the tool is known", () => {
    const expired = answered(401, "UNAUTHENTICATED", {
      reason: "expired",
      name: "Power BI",
      keyId: "ABCDEFGHJKMNPQRS",
    });
    const guidance = classifyFailure(expired, NOW, {
      tool: "Power BI",
      accountUrl: ACCOUNT,
      documentName: "Sales.pbix",
    });
    expect(guidance.advice).toMatchObject({
      reason: "expired",
      suggestedName: "Power BI - Sales",
      createUrl: `${ACCOUNT}?create=1&name=Power%20BI%20-%20Sales&expires=90d`,
    });
    expect(classifyFailure(expired, NOW).advice).toBeNull();
  });

  it("reports a kill switch's scope as its reason", () => {
    expect(classifyFailure(answered(503, "KILL_SWITCH", { scope: "organization" }), NOW).reason).toBe("organization");
  });

  it("gives every topic exactly one kind", () => {
    expect(Object.keys(KIND_OF_TOPIC).sort()).toEqual(
      [
        "bad-request",
        "bad-response",
        "not-found",
        "rate-limited",
        "token-disabled",
        "token-lacks-scope",
        "token-refused",
        "token-replaced",
        "unavailable",
        "unexpected",
        "unreachable",
      ].sort(),
    );
    expect(classifyFailure({ status: 200, code: "toString" }, NOW).topic).toBe("bad-response");
  });

  it("reads an error from another bundled copy of the client by its shape", () => {
    const foreign = { name: "RateLimitError", status: 429, code: "RATE_LIMITED", retryAfterMs: 2_000, details: {} };
    expect(classifyFailure(foreign, NOW)).toMatchObject({ kind: "wait", retryAt: NOW + 2_000 });
    const plain = new LayerError({ status: 418, code: "HTTP_ERROR", requestId: "r", message: "teapot" });
    expect(classifyFailure(plain, NOW).kind).toBe("bug");
  });

  it("says what a 403 FORBIDDEN_SCOPE's token may not do and which access a new token needs, naming the scope", () => {
    const rotate = classifyFailure(answered(403, "FORBIDDEN_SCOPE", { scope: "tokens:rotate-self" }), NOW);
    expect(rotate).toMatchObject({ kind: "fix-token", topic: "token-lacks-scope", retryAt: null, successor: null });
    expect(rotate.missingScope).toEqual({
      scope: "tokens:rotate-self",
      may: "rotate itself",
      access: "read-write",
      sentence:
        "This token may not rotate itself (it lacks the scope tokens:rotate-self); create a token with read-write access on the account page.",
    });
    const read = classifyFailure(answered(403, "FORBIDDEN_SCOPE", { scope: "projects:read" }), NOW).missingScope;
    expect(read).toMatchObject({ may: "read projects, tables and rows", access: "read" });
    // A scope a newer API adds is named as it is, and asks for the widest access.
    const future = classifyFailure(answered(403, "FORBIDDEN_SCOPE", { scope: "metrics:read" }), NOW).missingScope;
    expect(future).toMatchObject({ may: "use the scope metrics:read", access: "read-write" });
    // Without details (a proxy's bare 403) the topic stands and nothing is made up.
    expect(classifyFailure(answered(403, "FORBIDDEN_SCOPE"), NOW)).toMatchObject({
      topic: "token-lacks-scope",
      missingScope: null,
    });
    expect(classifyFailure(answered(401, "UNAUTHENTICATED", { scope: "projects:read" }), NOW).missingScope).toBeNull();
  });

  it("names the organization a 404 refused (a Layer-Organization the owner is not in), and nothing for other 404s", () => {
    const foreign = classifyFailure(answered(404, "NOT_FOUND", { organization: "org_borealis" }), NOW);
    expect(foreign).toMatchObject({ topic: "not-found", organization: "org_borealis" });
    expect(classifyFailure(answered(404, "NOT_FOUND", { projectId: "prj_x" }), NOW).organization).toBeNull();
    expect(classifyFailure(answered(404, "NOT_FOUND"), NOW).organization).toBeNull();
    // Only a 404 names one: the same detail on another answer is not a refused organization.
    expect(classifyFailure(answered(400, "VALIDATION_FAILED", { organization: "org_x" }), NOW).organization).toBeNull();
  });

  it("tells a regenerated token's 401 rotated apart and names its successor, with steps to switch to it", () => {
    const rotated = answered(401, "UNAUTHENTICATED", {
      reason: "rotated",
      name: "Excel - Budget",
      keyId: "ABCDEFGHJKMNPQRS",
      successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Excel - Budget" },
    });
    const guidance = classifyFailure(rotated, NOW, { tool: "Excel", accountUrl: ACCOUNT });
    expect(guidance).toMatchObject({
      kind: "fix-token",
      topic: "token-replaced",
      reason: "rotated",
      successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Excel - Budget" },
      token: { name: "Excel - Budget", keyId: "ABCDEFGHJKMNPQRS" },
    });
    expect(guidance.advice).toMatchObject({ reason: "rotated", severity: "error" });
    expect(guidance.advice?.message).toContain('replaced by "Excel - Budget" (SRQPNMKJHGFEDCBA)');
    expect(guidance.advice?.steps[0]).toMatch(/^Paste the token "Excel - Budget" \(SRQPNMKJHGFEDCBA\) into Excel/);
    expect(guidance.advice?.steps.join(" ")).not.toMatch(/revoke/i);
    // A successor the details do not describe properly is left out, not guessed.
    const odd = answered(401, "UNAUTHENTICATED", { reason: "rotated", successor: { keyId: 7 } });
    expect(classifyFailure(odd, NOW)).toMatchObject({ topic: "token-replaced", successor: null });
  });
});
