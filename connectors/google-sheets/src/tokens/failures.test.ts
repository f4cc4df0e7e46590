import { ForbiddenScopeError, InternalServerError, KillSwitchError, ThrottledError } from "@layer/token-client/sync";
import { describe, expect, it } from "vitest";
import type { AddonContext } from "../context.js";
import { fakeAppsScript } from "../testing/fake-apps-script.js";
import { stubLayerApi } from "../testing/stub-layer-api.js";
import { describeFailure } from "./failures.js";
import { getToken, type StoredToken, saveToken } from "./token-store.js";

// Wording and wiring only: which of the sidebar's failures each decision of the token client
// becomes, and what it records on the token. The decisions are tested once, in the token client.
const token: StoredToken = {
  name: "Google Sheets - Budget",
  keyId: "STUB000000000000",
  masked: "lp_live_STUB000000000000_…",
  secret: "lp_live_STUB000000000000_stubstubstubstubstubstubstubstubstubstubstu",
  env: "live",
  legacy: false,
  user: { id: "usr_ada", name: "Ada Lovelace", email: "ada@example.com" },
  expiresAt: null,
  connectedAt: "2026-11-01T00:00:00Z",
  problem: null,
};
const init = { requestId: "req_1", message: "m" };

function context(): AddonContext {
  const gas = fakeAppsScript(stubLayerApi({ rows: 0 }).handler);
  const ctx: AddonContext = { gas, config: { apiBaseUrl: "https://api.layer.test/" }, now: gas.clock.now };
  saveToken(ctx, token);
  return ctx;
}

describe("describeFailure", () => {
  it("says when to try again after a deadline the execution's throttle holds, in UTC", () => {
    const ctx = context();
    const retryAt = ctx.now() + 5 * 60_000;
    const held = new ThrottledError({ ...init, retryAt, heldBy: "RATE_LIMITED", retryAfterMs: 300_000 });
    const failure = describeFailure(ctx, held, token);
    expect(failure).toMatchObject({ kind: "rate_limited", retryAt: new Date(retryAt).toISOString() });
    expect(failure.message).toBe(
      `Layer is rate-limiting token "Google Sheets - Budget". Try again after ${new Date(retryAt).toISOString().slice(11, 16)} UTC.`,
    );
  });

  it("words a server fault as unavailable with a time, not as an unknown answer", () => {
    const failure = describeFailure(
      context(),
      new InternalServerError({ ...init, status: 500, code: "INTERNAL" }),
      token,
    );
    expect(failure.kind).toBe("unavailable");
    expect(failure.message).toMatch(/^Layer is unavailable right now\. Try again after \d\d:\d\d UTC\.$/);
  });

  it("words a missing scope as a permission to get, without marking the token broken", () => {
    const ctx = context();
    const failure = describeFailure(
      ctx,
      new ForbiddenScopeError({ ...init, status: 403, code: "FORBIDDEN_SCOPE" }),
      token,
    );
    expect(failure.kind).toBe("token_broken");
    expect(failure.message).toMatch(/lacks the permission for this/);
    expect(getToken(ctx, token.keyId)?.problem).toBeNull();
  });

  it("records a kill switch on the token so scheduled runs skip it", () => {
    const ctx = context();
    const killed = new KillSwitchError({ ...init, status: 503, code: "KILL_SWITCH", details: { scope: "key" } });
    expect(describeFailure(ctx, killed, token).kind).toBe("kill_switch");
    expect(getToken(ctx, token.keyId)?.problem).toMatchObject({ kind: "kill_switch", reason: "key" });
  });
});
