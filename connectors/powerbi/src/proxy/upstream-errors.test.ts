import { readFileSync } from "node:fs";
import {
  AuthenticationError,
  createThrottle,
  errorFromResponse,
  ServiceUnavailableError,
  ThrottledError,
} from "@layer/token-client";
import { describe, expect, it } from "vitest";
import { fromUpstream } from "./upstream-errors.js";

// Wording and wiring only: what each decision of the token client becomes for Power BI. The
// decisions themselves are tested once, in the token client.
const NOW = Date.parse("2026-12-01T12:00:00Z");
const KEY = "ABCDEFGHJKMNPQRS";
const context = { accountUrl: "https://layer.test/account/api", now: () => NOW, token: null };

/** A 503 SERVICE_UNAVAILABLE as the client throws it, with the wait it carries if any. */
const unavailable = (retryAfterMs?: number) =>
  new ServiceUnavailableError({
    status: 503,
    code: "SERVICE_UNAVAILABLE",
    requestId: "r",
    message: "down",
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe("fromUpstream", () => {
  it("names a refused token by the contract's one mask, lp_live_<key_id>_…", () => {
    const error = new AuthenticationError({
      status: 401,
      code: "UNAUTHENTICATED",
      requestId: "req_1",
      message: "revoked",
      details: { reason: "revoked", name: "Power BI - Sales", keyId: KEY },
    });
    const odata = fromUpstream(error, context);
    expect(odata.status).toBe(401);
    expect(odata.headers["WWW-Authenticate"]).toMatch(/^Basic /);
    expect(odata.message).toContain(`"Power BI - Sales" (lp_live_${KEY}_\u2026) was refused (revoked)`);
    expect(odata.message).not.toContain("lp_\u2026_");
  });

  it("hands Power BI the suite's one default wait when Layer named none", () => {
    const odata = fromUpstream(unavailable(), context);
    expect([odata.status, odata.headers["Retry-After"]]).toEqual([503, "30"]);
  });

  it("answers a call held back by the shared throttle like the answer that set it, with the deadline", () => {
    const throttle = createThrottle({ retryAt: NOW + 42_000, heldBy: "RATE_LIMITED" });
    const error = new ThrottledError({
      requestId: "r",
      message: "held",
      retryAt: throttle.retryAt,
      heldBy: "RATE_LIMITED",
      retryAfterMs: 42_000,
    });
    const odata = fromUpstream(error, context);
    expect([odata.status, odata.code, odata.headers["Retry-After"]]).toEqual([429, "RATE_LIMITED", "42"]);
  });

  it("keeps Retry-After within what Power BI honours (1-120 s)", () => {
    expect(fromUpstream(unavailable(600_000), context).headers["Retry-After"]).toBe("120");
  });
});

describe("Layer.pq", () => {
  it("masks a refused token the same way", () => {
    const pq = readFileSync(new URL("../../connector/Layer.pq", import.meta.url), "utf8");
    expect(pq).toContain("(lp_live_#{1}_\u2026)");
    expect(pq).not.toContain("lp_\u2026_");
  });

  it("asks for new credentials on a 403 FORBIDDEN_SCOPE, saying what the token may not do and which token to create", () => {
    const error = answered(403, "FORBIDDEN_SCOPE", { scope: "projects:read" });
    const odata = fromUpstream(error, context);
    expect(odata.status).toBe(403);
    expect(odata.headers["WWW-Authenticate"]).toMatch(/^Basic /);
    expect(odata.message).toContain(
      "was refused (it may not read projects, tables and rows: it lacks the scope projects:read; create a token with read access)",
    );
  });

  it("names the successor of a regenerated token whose overlap has ended", () => {
    const error = answered(401, "UNAUTHENTICATED", {
      reason: "rotated",
      name: "Power BI - Sales",
      keyId: KEY,
      successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Power BI - Sales" },
    });
    const odata = fromUpstream(error, context);
    expect(odata.status).toBe(401);
    expect(odata.message).toContain(
      'was refused (it was regenerated as "Power BI - Sales" (lp_live_SRQPNMKJHGFEDCBA_\u2026) and its overlap has ended; use that token)',
    );
    expect(odata.message).toMatch(/1\. Paste the token "Power BI - Sales" \(SRQPNMKJHGFEDCBA\) into Power BI/);
  });

  it("says which organization a 404 refused, and where the token's organizations are listed", () => {
    const odata = fromUpstream(answered(404, "NOT_FOUND", { organization: "org_nowhere" }), context);
    expect(odata.status).toBe(404);
    expect(odata.message).toMatch(/does not belong to the organization "org_nowhere".*LayerTokenStatus/);
  });
});

/** An error as the token client builds it from the API's answer. */
function answered(status: number, code: string, details: Record<string, unknown>) {
  const text = JSON.stringify({ error: { code, message: "refused", requestId: "req_7", details } });
  return errorFromResponse({ status, headers: {}, text }, { requestId: "req_7", now: NOW });
}
