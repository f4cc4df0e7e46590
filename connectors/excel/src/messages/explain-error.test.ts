import {
  AuthenticationError,
  ConnectionError,
  ForbiddenScopeError,
  InternalServerError,
  NotFoundError,
  ThrottledError,
} from "@layer/token-client";
import { describe, expect, it } from "vitest";
import { NotConnectedError } from "../api/session.js";
import { explainError } from "./explain-error.js";

// Wording and wiring only: which of Excel's panels and cell errors each decision of the token
// client becomes. The decisions themselves are tested once, in the token client.
const NOW = Date.parse("2026-12-01T12:00:00Z");
const ctx = { tokenName: "Excel - Budget", keyId: "ABCDEFGHJKMNPQRS", apiBase: "https://layer.test", now: NOW };
const init = { requestId: "req_1", message: "m" };

describe("explainError", () => {
  it("words a cell held back by the session's shared deadline as the rate limit that set it", () => {
    const held = new ThrottledError({ ...init, retryAt: NOW + 90_000, heldBy: "RATE_LIMITED", retryAfterMs: 90_000 });
    const explained = explainError(held, ctx);
    expect(explained).toMatchObject({ kind: "rate_limited", cellError: "#N/A", retryAt: NOW + 90_000 });
    expect(explained.cell).toMatch(/^Rate limit for token "Excel - Budget": try again after /);
  });

  it("words a server fault as temporarily unavailable, with when to try again", () => {
    const explained = explainError(new InternalServerError({ ...init, status: 500, code: "INTERNAL" }), ctx);
    expect(explained).toMatchObject({ kind: "unavailable", title: "Layer is temporarily unavailable" });
    expect(explained.retryAt).toBeGreaterThan(NOW);
  });

  it("words no answer as cannot reach, naming the address and CORS", () => {
    const offline = new ConnectionError({ ...init, status: 0, code: "CONNECTION_FAILED" });
    expect(explainError(offline, ctx)).toMatchObject({ kind: "offline", title: "Cannot reach Layer" });
    expect(explainError(new TypeError("Failed to fetch"), ctx).message).toMatch(/https:\/\/layer\.test.*CORS/);
  });

  it("words a missing scope and a missing table for the task pane and the cell", () => {
    const scope = explainError(new ForbiddenScopeError({ ...init, status: 403, code: "FORBIDDEN_SCOPE" }), ctx);
    expect(scope).toMatchObject({ kind: "auth", title: "Token lacks a permission", cellError: "#N/A" });
    const missing = explainError(new NotFoundError({ ...init, status: 404, code: "NOT_FOUND" }), ctx);
    expect(missing).toMatchObject({ kind: "not_found", cellError: "#VALUE!" });
    expect(missing.cell).toBe('No such project or table visible to token "Excel - Budget".');
  });

  it("says what a token may not do, in the pane and in a cell, naming the scope and the access to create", () => {
    const error = new ForbiddenScopeError({
      ...init,
      status: 403,
      code: "FORBIDDEN_SCOPE",
      details: { scope: "tokens:rotate-self" },
    });
    const explained = explainError(error, ctx);
    expect(explained).toMatchObject({ kind: "auth", title: "This token may not rotate itself", cellError: "#N/A" });
    expect(explained.message).toBe(
      'Token "Excel - Budget" (key ABCDEFGHJKMNPQRS) may not rotate itself (it lacks the scope tokens:rotate-self). To do this, create a token with read-write access on your Layer account page and connect it with Rotate token.',
    );
    expect(explained.cell).toBe('Token "Excel - Budget" may not rotate itself (scope tokens:rotate-self).');
  });

  it("names the successor of a regenerated token in the pane and in a cell", () => {
    const error = new AuthenticationError({
      ...init,
      status: 401,
      code: "UNAUTHENTICATED",
      details: {
        reason: "rotated",
        name: "Excel - Budget",
        keyId: "ABCDEFGHJKMNPQRS",
        successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Excel - Budget" },
      },
    });
    const explained = explainError(error, ctx);
    expect(explained).toMatchObject({ kind: "auth", title: "Your Layer token was replaced", cellError: "#N/A" });
    expect(explained.cell).toBe(
      'Token "Excel - Budget" was replaced by "Excel - Budget" (key SRQPNMKJHGFEDCBA): connect it with Rotate token in the Layer pane.',
    );
    expect(explained.steps[0]).toMatch(/^Paste the token "Excel - Budget" \(SRQPNMKJHGFEDCBA\) into Excel/);
  });

  it("says which organization a 404 refused", () => {
    const error = new NotFoundError({ ...init, status: 404, code: "NOT_FOUND", details: { organization: "org_x" } });
    expect(explainError(error, ctx)).toMatchObject({ kind: "not_found", title: "Unknown organization" });
  });

  it("keeps Excel's own not-connected wording", () => {
    expect(explainError(new NotConnectedError(), ctx).kind).toBe("not_connected");
  });
});
