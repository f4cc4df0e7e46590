import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorEnvelope } from "@layer/contracts";
import { startApiOn, movableClock } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("GET /v1/whoami refusals on %s", (engine) => {
  let api: TokenApi;
  const clock = movableClock(new Date("2026-03-01T12:00:00Z"));
  beforeAll(async () => {
    api = await startApiOn(engine, { clock: clock.now });
  });
  afterAll(() => api?.close());

  const whoami = (init: Parameters<typeof call>[1]) => call(`${api.url}/v1/whoami`, init);
  const reasonOf = (r: { body: unknown }) => ErrorEnvelope.parse(r.body).error.details?.["reason"];
  const accountUrl = () => `${api.services.config.publicUrl}/account/api`;
  /** Every 401 says what to do: the account page, in the message and in details.accountUrl. */
  const expectAdvice = (r: { body: { error: { message: string; details: Record<string, unknown> } } }) => {
    expect(r.body.error.details["accountUrl"]).toBe(accountUrl());
    expect(r.body.error.message).toContain(accountUrl());
    expect(r.body.error.message).toMatch(/create|copy|send/i);
  };

  it("says missing when no token is sent", async () => {
    const r = await whoami({});
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("UNAUTHENTICATED");
    expect(reasonOf(r)).toBe("missing");
    expect(r.body.error.requestId).toBe(r.headers.get("x-request-id"));
    expectAdvice(r);
    expect(r.body.error.message).toContain("X-Api-Key");
  });

  it.each([
    ["an empty X-Api-Key", { "X-Api-Key": "" }],
    ["a truncated token", { "X-Api-Key": "lp_live_0123456789ABCDEF_abc" }],
    ["a key_id alone", { "X-Api-Key": "0123456789ABCDEF" }],
    ["another scheme", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["a lower-case key_id", { "X-Api-Key": `lp_live_0123456789abcdef_${"a".repeat(43)}` }],
    ["a 10,000-character value", { "X-Api-Key": "x".repeat(10_000) }],
  ])("says malformed for %s", async (_what, headers) => {
    const r = await whoami({ headers });
    expect(r.status).toBe(401);
    expect(reasonOf(r)).toMatch(/malformed|missing/);
    expectAdvice(r);
  });

  it("says invalid for an unknown key and for a wrong secret, without naming the token", async () => {
    const unknown = await whoami({ token: `lp_live_0123456789ABCDEF_${"A".repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.details).toEqual({ reason: "invalid", accountUrl: accountUrl() });
    expectAdvice(unknown);
    const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Real" });
    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    const r = await whoami({ token: wrong });
    expect(r.status).toBe(401);
    expect(r.body.error.details).toEqual({ reason: "invalid", accountUrl: accountUrl() });
    expect(r.text).not.toContain(wrong);
  });

  it("says expired, with the token's name and time, once the secret is proven; also from the cache", async () => {
    const expiresAt = new Date(clock.now().getTime() + 60_000);
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Short", expiresAt });
    expect((await whoami({ token })).status).toBe(200);
    clock.advance(61_000);
    const r = await whoami({ token });
    expect(r.status).toBe(401);
    expect(r.body.error.details).toEqual({
      reason: "expired",
      keyId,
      name: "Short",
      expiredAt: expiresAt.toISOString(),
      accountUrl: accountUrl(),
    });
    expectAdvice(r);
    expect(r.body.error.message).toContain('"Short" expired');
  });

  it("says revoked on the very next request after revocation", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ben@example.com", name: "Gone" });
    expect((await whoami({ token })).status).toBe(200);
    await api.operator.revokeToken(keyId);
    const r = await whoami({ token });
    expect(r.status).toBe(401);
    expect(r.body.error.details).toMatchObject({ reason: "revoked", keyId, name: "Gone", accountUrl: accountUrl() });
    expect(typeof r.body.error.details.revokedAt).toBe("string");
    expectAdvice(r);
  });

  it("shows a rename on the very next request", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ben@example.com", name: "Before" });
    expect((await whoami({ token })).body.token.name).toBe("Before");
    await api.services.tokens.rename({ keyId, name: "After", actor: "operator" });
    expect((await whoami({ token })).body.token.name).toBe("After");
  });

  it("answers 404 in the envelope for unknown routes and methods", async () => {
    const r = await call(`${api.url}/v1/nope`);
    expect(r.status).toBe(404);
    expect(ErrorEnvelope.parse(r.body).error.code).toBe("NOT_FOUND");
    expect((await call(`${api.url}/v1/whoami`, { method: "DELETE" })).status).toBe(404);
  });
});
