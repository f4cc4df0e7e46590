import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../errors/layer-error.js";
import { timeLeft } from "./days-left.js";
import { rotationAdvice, type RotationAdviceInput } from "./rotation-advice.js";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const ACCOUNT = "http://127.0.0.1:8787/account/api";
const base = { now: NOW, tool: "Google Sheets" as const, documentName: "Budget 2027", accountUrl: ACCOUNT };
const KEY = "ABCDEFGHJKMNPQRS";

function whoami(
  token: Partial<{ name: string; keyId: string; legacy: boolean; expiresAt: string | null }>,
  rotation: RotationAdviceInput["whoami"] extends infer W ? (W extends { rotation?: infer R } ? R : never) : never = [],
) {
  return {
    token: { name: "Google Sheets - Budget", keyId: KEY, legacy: false, expiresAt: "2027-06-01T00:00:00Z", ...token },
    rotation,
  };
}

function authError(details: Record<string, unknown>) {
  return new AuthenticationError({ status: 401, code: "UNAUTHENTICATED", requestId: "req_1", message: "no", details });
}

describe("rotationAdvice", () => {
  it.each<[string, Partial<RotationAdviceInput>, string | null, string | null, number | null]>([
    ["a healthy token: nothing to do", { whoami: whoami({}) }, null, null, null],
    [
      "expiring in 3 days (whoami)",
      { whoami: whoami({ expiresAt: "2026-11-26T12:00:00Z" }) },
      "expiring_soon",
      "warning",
      3,
    ],
    [
      "expiring in exactly 14 days",
      { whoami: whoami({ expiresAt: "2026-12-07T12:00:00Z" }) },
      "expiring_soon",
      "warning",
      14,
    ],
    ["expiring in 15 days: not yet", { whoami: whoami({ expiresAt: "2026-12-08T12:00:00Z" }) }, null, null, null],
    ["expired (whoami in the past)", { whoami: whoami({ expiresAt: "2026-11-01T00:00:00Z" }) }, "expired", "error", 0],
    ["never expires", { whoami: whoami({ expiresAt: null }) }, "no_expiration", "info", null],
    [
      "legacy, never expiring: legacy wins",
      { whoami: whoami({ legacy: true, expiresAt: null, name: "" }) },
      "legacy_token",
      "warning",
      null,
    ],
    [
      "legacy and expiring soon: the deadline wins",
      { whoami: whoami({ legacy: true, expiresAt: "2026-11-25T00:00:00Z" }) },
      "expiring_soon",
      "warning",
      2,
    ],
    [
      "a 401 expired",
      { error: authError({ reason: "expired", keyId: KEY, name: "Sheets", expiredAt: "2026-11-20T00:00:00Z" }) },
      "expired",
      "error",
      0,
    ],
    [
      "a 401 revoked",
      { error: authError({ reason: "revoked", keyId: KEY, name: "Sheets", revokedAt: "2026-11-20T00:00:00Z" }) },
      "revoked",
      "error",
      null,
    ],
    ["a 401 invalid: a typo, not a rotation", { error: authError({ reason: "invalid" }) }, null, null, null],
    [
      "a plain object shaped like the error (another bundle's copy)",
      { error: { code: "UNAUTHENTICATED", details: { reason: "revoked" } } },
      "revoked",
      "error",
      null,
    ],
    ["some other error", { error: new Error("boom") }, null, null, null],
    [
      "the X-Token-Expires-At header, 10 days out",
      { expiresAt: "2026-12-03T12:00:00Z" },
      "expiring_soon",
      "warning",
      10,
    ],
    ["the header explicitly absent (null): never expires", { expiresAt: null }, "no_expiration", "info", null],
    ["a garbage header", { expiresAt: "soon" }, null, null, null],
    [
      "a reason only the server knows",
      { whoami: whoami({}, [{ reason: "expiring_soon", message: "m", daysLeft: 20, steps: [] }]) },
      "expiring_soon",
      "warning",
      20,
    ],
  ])("%s", (_name, input, reason, severity, daysLeft) => {
    const advice = rotationAdvice({ ...base, ...input });
    if (reason === null) return expect(advice).toBeNull();
    expect(advice).toMatchObject({ reason, severity, daysLeft });
  });

  it("names the token and gives the safe steps in order, with a pre-filled create link", () => {
    const advice = rotationAdvice({ ...base, whoami: whoami({ expiresAt: "2026-11-26T12:00:00Z" }) })!;
    expect(advice.title).toBe("Your Layer token expires in 3 days");
    expect(advice.message).toContain('"Google Sheets - Budget"');
    expect(advice.message).toContain(KEY);
    expect(advice).toMatchObject({
      tokenName: "Google Sheets - Budget",
      keyId: KEY,
      suggestedName: "Google Sheets - Budget 2027",
    });
    expect(advice.createUrl).toBe(`${ACCOUNT}?create=1&name=Google%20Sheets%20-%20Budget%202027&expires=90d`);
    expect(advice.steps).toHaveLength(4);
    expect(advice.steps[0]).toMatch(/^Create a new token named "Google Sheets - Budget 2027"/);
    expect(advice.steps[1]).toMatch(/^Paste .* verify/);
    expect(advice.steps[2]).toMatch(/switches to the new token/);
    expect(advice.steps[3]).toMatch(/^Then revoke the old token "Google Sheets - Budget" \(ABCDEFGHJKMNPQRS\)/);
  });

  it("does not ask to revoke a token that is already revoked", () => {
    const advice = rotationAdvice({
      ...base,
      error: authError({ reason: "revoked", keyId: KEY, name: "Sheets", revokedAt: "2026-11-20T00:00:00Z" }),
    })!;
    expect(advice.steps).toHaveLength(3);
    expect(advice.steps.join(" ")).not.toMatch(/revoke/i);
    expect(advice.message).toContain("2026-11-20");
  });

  it("prefers the caller's token name and key id", () => {
    const advice = rotationAdvice({ ...base, expiresAt: null, tokenName: "Excel - Q3", keyId: "ZZZZZZZZZZZZZZZZ" })!;
    expect(advice).toMatchObject({ tokenName: "Excel - Q3", keyId: "ZZZZZZZZZZZZZZZZ" });
  });

  it("suggests the tool's name alone without a document, and keeps names within 100 characters", () => {
    expect(rotationAdvice({ ...base, documentName: undefined, expiresAt: null })!.suggestedName).toBe("Google Sheets");
    const long = rotationAdvice({ ...base, documentName: "x".repeat(300), expiresAt: null })!;
    expect(long.suggestedName.length).toBe(100);
    expect(rotationAdvice({ ...base, documentName: "a\nb\u0007", expiresAt: null })!.suggestedName).toBe(
      "Google Sheets - a b",
    );
  });

  it("appends to an account URL that already has a query", () => {
    const advice = rotationAdvice({
      ...base,
      accountUrl: `${ACCOUNT}?org=acme`,
      expiresAt: null,
      tool: "Power BI",
      documentName: "Sales & Ops",
    })!;
    expect(advice.createUrl).toBe(`${ACCOUNT}?org=acme&create=1&name=Power%20BI%20-%20Sales%20%26%20Ops&expires=90d`);
  });
});

describe("how long a token has left, in words", () => {
  const at = (ms: number) => new Date(NOW + ms).toISOString();
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  it.each([
    [30_000, "1 minute"],
    [45 * MINUTE, "45 minutes"],
    [59 * MINUTE + 1_000, "60 minutes"],
    [HOUR, "60 minutes"],
    [HOUR + 1_000, "2 hours"],
    [5 * HOUR, "5 hours"],
    [23 * HOUR + 59 * MINUTE, "24 hours"],
    [DAY, "24 hours"],
    [DAY + 1_000, "2 days"],
    [3 * DAY, "3 days"],
    // Counted up like daysLeft: a 90-day token a moment after it was made still has 90 days.
    [90 * DAY - 5_000, "90 days"],
  ])("%i ms left reads %s", (ms, words) => {
    expect(timeLeft(at(ms), NOW)).toBe(words);
  });

  it("has no words for an expired, never-expiring or unreadable date", () => {
    expect(timeLeft(at(0), NOW)).toBeNull();
    expect(timeLeft(at(-DAY), NOW)).toBeNull();
    expect(timeLeft(null, NOW)).toBeNull();
    expect(timeLeft("soon", NOW)).toBeNull();
  });

  it("titles the rotation advice of a token expiring within hours in hours, never as days", () => {
    const advice = rotationAdvice({ ...base, expiresAt: at(4 * HOUR + 10 * MINUTE) })!;
    expect(advice).toMatchObject({ reason: "expiring_soon", daysLeft: 1, expiresIn: "5 hours" });
    expect(advice.title).toBe("Your Layer token expires in 5 hours");
    expect(rotationAdvice({ ...base, expiresAt: at(20 * MINUTE) })!.title).toBe(
      "Your Layer token expires in 20 minutes",
    );
  });

  it("falls back to the server's whole days when only whoami's advice says the token expires soon", () => {
    const advice = rotationAdvice({
      ...base,
      whoami: {
        token: { name: "Sheets", keyId: KEY, legacy: false, expiresAt: "2027-06-01T00:00:00Z" },
        rotation: [{ reason: "expiring_soon", message: "m", daysLeft: 2, steps: [] }],
      },
    })!;
    expect(advice).toMatchObject({ reason: "expiring_soon", expiresIn: null });
    expect(advice.title).toBe("Your Layer token expires in 2 days");
  });
});
