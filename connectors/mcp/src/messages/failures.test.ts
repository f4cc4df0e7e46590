import { errorFromResponse } from "@layer/token-client";
import { describe, expect, it } from "vitest";
import { TOKEN_FROM_ENV } from "../settings.js";
import { explainFailure, type FailureContext } from "./failures.js";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const ctx: FailureContext = {
  apiUrl: "http://127.0.0.1:8787",
  accountUrl: "http://127.0.0.1:8787/account/api",
  source: TOKEN_FROM_ENV,
  masked: "lp_live_ABCDEFGHJKMNPQRS_…",
  keyId: "ABCDEFGHJKMNPQRS",
  now: NOW,
};

function answered(status: number, code: string, details: Record<string, unknown>) {
  const text = JSON.stringify({ error: { code, message: "refused", requestId: "req_9", details } });
  return errorFromResponse({ status, headers: {}, text }, { requestId: "req_9", now: NOW });
}

describe("the MCP server's words for", () => {
  it("a 403 FORBIDDEN_SCOPE: what the token may not do, the scope, and which token to create", () => {
    const { text, code, retryAfterSeconds } = explainFailure(
      answered(403, "FORBIDDEN_SCOPE", { scope: "tokens:rotate-self" }),
      ctx,
    );
    expect(code).toBe("FORBIDDEN_SCOPE");
    expect(retryAfterSeconds).toBeNull();
    expect(text).toContain("it may not rotate itself (it lacks the scope tokens:rotate-self)");
    expect(text).toContain("Create a token with read-write access on your account page");
    expect(text).toContain("LAYER_API_TOKEN");
    expect(text).toContain("(request req_9)");
  });

  it("a 401 rotated: names the successor and the steps to switch to it, with nothing to revoke", () => {
    const { text } = explainFailure(
      answered(401, "UNAUTHENTICATED", {
        reason: "rotated",
        name: "Claude Desktop",
        keyId: "ABCDEFGHJKMNPQRS",
        successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Claude Desktop" },
      }),
      ctx,
    );
    expect(text).toMatch(/regenerated as "Claude Desktop" \(SRQPNMKJHGFEDCBA\) and its overlap has ended/);
    expect(text).toMatch(
      /1\. Use the token "Claude Desktop" \(SRQPNMKJHGFEDCBA\): Put the new token in LAYER_API_TOKEN/,
    );
    expect(text).not.toMatch(/revoke/i);
  });

  it("a 404 for an organization the owner does not belong to", () => {
    const { text } = explainFailure(answered(404, "NOT_FOUND", { organization: "org_borealis" }), ctx);
    expect(text).toMatch(/does not belong to the organization "org_borealis"/);
    expect(text).toContain("LAYER_ORGANIZATION");
  });
});
