import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RotatedToken } from "@layer/contracts";
import { startApiOn, movableClock } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("POST /v1/tokens/self/rotate on %s", (engine) => {
  let api: TokenApi;
  const clock = movableClock(new Date("2026-04-01T00:00:00Z"));
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 100, clock: clock.now });
  });
  afterAll(() => api?.close());
  const rotate = (token: string, json: unknown) =>
    call(`${api.url}/v1/tokens/self/rotate`, { method: "POST", token, json });

  it("issues a successor with the same name, env and policy; the old one works through the grace window", async () => {
    const old = await api.operator.createToken({
      email: "ada@example.com",
      name: "Excel - Budget",
      expires: "90d",
      env: "test",
    });
    const r = await rotate(old.token, { graceSeconds: 3_600 });
    expect(r.status).toBe(201);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const body = RotatedToken.parse(r.body);
    expect(body.token).toMatchObject({ name: "Excel - Budget", env: "test", expiresAt: "2026-06-30T00:00:00.000Z" });
    expect(body.token.token).toMatch(/^lp_test_[0-9A-Z]{16}_[A-Za-z0-9_-]{43}$/);
    expect(body.previous).toEqual({ keyId: old.keyId, name: "Excel - Budget", expiresAt: "2026-04-01T01:00:00.000Z" });

    expect((await call(`${api.url}/v1/whoami`, { token: body.token.token })).body.token.keyId).toBe(body.token.keyId);
    const during = await call(`${api.url}/v1/whoami`, { token: old.token });
    expect(during.status).toBe(200);
    expect(during.headers.get("x-token-expires-at")).toBe("2026-04-01T01:00:00.000Z");
    clock.advance(3_600_000);
    const after = await call(`${api.url}/v1/whoami`, { token: old.token });
    expect(after.status).toBe(401);
    expect(after.body.error.details).toMatchObject({
      reason: "rotated",
      keyId: old.keyId,
      name: "Excel - Budget",
      successor: { keyId: body.token.keyId, name: "Excel - Budget" },
    });
    expect(after.body.error.message).toContain(body.token.keyId);
    expect(after.text).not.toContain(body.token.token);
    const audit = await api.db.query<{ action: string }>("SELECT action FROM audit_log WHERE key_id = $1 ORDER BY id", [
      old.keyId,
    ]);
    expect(audit.map((a) => a.action)).toEqual(["token.created", "token.rotated"]);
  });

  it("keeps the old token working for a day when no grace is given", async () => {
    const old = await api.operator.createToken({ email: "ben@example.com", name: "Default", expires: "never" });
    const r = await rotate(old.token, {});
    expect(r.status).toBe(201);
    expect(r.body.token.expiresAt).toBeNull();
    expect(r.body.previous.expiresAt).toBe(new Date(clock.now().getTime() + 86_400_000).toISOString());
    expect((await call(`${api.url}/v1/whoami`, { token: old.token })).status).toBe(200);
    clock.advance(86_400_000);
    expect((await call(`${api.url}/v1/whoami`, { token: old.token })).body.error.details.reason).toBe("rotated");
  });

  it("with a grace of 0, ends the old token at once and says rotated", async () => {
    const old = await api.operator.createToken({ email: "ben@example.com", name: "Now", expires: "never" });
    const r = await rotate(old.token, { graceSeconds: 0 });
    expect(r.status).toBe(201);
    const after = await call(`${api.url}/v1/whoami`, { token: old.token });
    expect(after.body.error.details).toMatchObject({ reason: "rotated", successor: { keyId: r.body.token.keyId } });
  });

  it("replaces a legacy token by a named personal token", async () => {
    const legacy = await api.operator.createToken({
      email: "chen@example.com",
      name: "Legacy token",
      legacy: true,
      expires: "never",
    });
    const r = await rotate(legacy.token, { graceSeconds: 0 });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatchObject({ legacy: false, env: "live" });
    expect(r.body.token.token).toMatch(/^lp_live_/);
  });
});
