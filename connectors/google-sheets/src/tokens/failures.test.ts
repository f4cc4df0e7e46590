import {
  AuthenticationError,
  ForbiddenScopeError,
  InternalServerError,
  KillSwitchError,
  ThrottledError,
} from "@layer/token-client/sync";
import { describe, expect, it } from "vitest";
import { stubWorld } from "../testing/stub-world.js";
import { describeFailure } from "./failures.js";
import { getToken } from "./token-store.js";

// Wording and wiring only: which of the sidebar's failures each decision of the token client
// becomes, and what it records on the token. The decisions are tested once, in the token client.
const init = { requestId: "req_1", message: "m" };

function world() {
  return stubWorld({ rows: 0 });
}

describe("describeFailure", () => {
  it("says when to try again after a deadline the execution's throttle holds, in UTC", () => {
    const { ctx, token } = world();
    const retryAt = ctx.now() + 5 * 60_000;
    const held = new ThrottledError({ ...init, retryAt, heldBy: "RATE_LIMITED", retryAfterMs: 300_000 });
    const failure = describeFailure(ctx, held, token);
    expect(failure).toMatchObject({ kind: "rate_limited", retryAt: new Date(retryAt).toISOString() });
    expect(failure.message).toBe(
      `Layer is rate-limiting token "Google Sheets - Stub". Try again after ${new Date(retryAt).toISOString().slice(11, 16)} UTC.`,
    );
  });

  it("words a server fault as unavailable with a time, not as an unknown answer", () => {
    const { ctx, token } = world();
    const failure = describeFailure(ctx, new InternalServerError({ ...init, status: 500, code: "INTERNAL" }), token);
    expect(failure.kind).toBe("unavailable");
    expect(failure.message).toMatch(/^Layer is unavailable right now\. Try again after \d\d:\d\d UTC\.$/);
  });

  it("words a missing scope as a permission to get, without marking the token broken", () => {
    const { ctx, token } = world();
    const failure = describeFailure(
      ctx,
      new ForbiddenScopeError({ ...init, status: 403, code: "FORBIDDEN_SCOPE" }),
      token,
    );
    expect(failure.kind).toBe("token_broken");
    expect(failure.message).toMatch(/lacks a permission this needs\. Create a token with read-write access/);
    expect(getToken(ctx, token.keyId)?.problem).toBeNull();
    const named = describeFailure(
      ctx,
      new ForbiddenScopeError({
        ...init,
        status: 403,
        code: "FORBIDDEN_SCOPE",
        details: { scope: "tokens:rotate-self" },
      }),
      token,
    );
    expect(named.message).toBe(
      'Layer token "Google Sheets - Stub" may not rotate itself (it lacks the scope tokens:rotate-self). Create a token with read-write access on the account page and switch to it: Extensions › Layer › Rotate token.',
    );
  });

  it("names a regenerated token's successor and marks the old one broken", () => {
    const { ctx, token } = world();
    const rotated = new AuthenticationError({
      ...init,
      status: 401,
      code: "UNAUTHENTICATED",
      details: { reason: "rotated", successor: { keyId: "SRQPNMKJHGFEDCBA", name: "Google Sheets - Stub" } },
    });
    const failure = describeFailure(ctx, rotated, token);
    expect(failure.kind).toBe("token_broken");
    expect(failure.message).toMatch(/replaced by "Google Sheets - Stub" \(SRQPNMKJHGFEDCBA\); it no longer works/);
    expect(failure.steps[0]).toMatch(/^Paste the token "Google Sheets - Stub" \(SRQPNMKJHGFEDCBA\)/);
    expect(getToken(ctx, token.keyId)?.problem).toMatchObject({ kind: "unauthenticated", reason: "rotated" });
  });

  it("records a kill switch on the token so scheduled runs skip it", () => {
    const { ctx, token } = world();
    const killed = new KillSwitchError({ ...init, status: 503, code: "KILL_SWITCH", details: { scope: "key" } });
    expect(describeFailure(ctx, killed, token).kind).toBe("kill_switch");
    expect(getToken(ctx, token.keyId)?.problem).toMatchObject({ kind: "kill_switch", reason: "key" });
  });
});
