import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Whoami } from "@layer/contracts";
import { startApiOn, movableClock } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("GET /v1/whoami on %s", (engine) => {
  let api: TokenApi;
  const clock = movableClock(new Date("2026-03-01T12:00:00Z"));
  beforeAll(async () => {
    api = await startApiOn(engine, { clock: clock.now });
  });
  afterAll(() => api?.close());

  it("describes the token, its user and organizations", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Excel - Budget",
      expires: "90d",
    });
    const plain = await call(`${api.url}/v1/whoami`, { token });
    expect(plain.status).toBe(200);
    // A plain whoami answers from memory: the token's reach is listed only when asked for.
    expect(Whoami.parse(plain.body).token.projects).toBeUndefined();
    const r = await call(`${api.url}/v1/whoami?include=projects`, { token });
    expect(r.status).toBe(200);
    const body = Whoami.parse(r.body);
    expect(body.user).toEqual({ id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" });
    expect(body.organizations).toEqual([{ id: "org_acme", name: "Acme Analytics", role: "owner" }]);
    expect(body.organization).toBeNull();
    expect(body.token).toMatchObject({
      name: "Excel - Budget",
      keyId,
      env: "live",
      legacy: false,
      scopes: ["projects:read", "projects:write", "tokens:rotate-self"],
      access: "read-write",
      projectIds: null,
      status: "active",
      tier: "standard",
      projects: [
        { id: "prj_acme_retail", name: "Acme Retail" },
        { id: "prj_acme_tower", name: "Acme Tower" },
      ],
    });
    expect(body.token.expiresAt).toBe("2026-05-30T12:00:00.000Z");
    expect(body.rotation).toEqual([]);
    expect(r.headers.get("x-token-expires-at")).toBe("2026-05-30T12:00:00.000Z");
    expect(r.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("accepts Authorization: Bearer as the fallback", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Bearer" });
    const r = await call(`${api.url}/v1/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.body.user.id).toBe("usr_ben");
  });

  it("advises rotation for expiring, non-expiring and legacy tokens", async () => {
    const soon = await api.operator.createToken({
      email: "chen@example.com",
      name: "Soon",
      expiresAt: new Date(clock.now().getTime() + 3 * 86_400_000),
    });
    const r1 = await call(`${api.url}/v1/whoami`, { token: soon.token });
    expect(r1.body.rotation).toEqual([expect.objectContaining({ reason: "expiring_soon", daysLeft: 3 })]);
    expect(r1.body.rotation[0].steps.length).toBeGreaterThan(1);

    const never = await api.operator.createToken({ email: "chen@example.com", name: "Forever", expires: "never" });
    const r2 = await call(`${api.url}/v1/whoami`, { token: never.token });
    expect(r2.headers.get("x-token-expires-at")).toBeNull();
    expect(r2.body.rotation.map((a: { reason: string }) => a.reason)).toEqual(["no_expiration"]);

    const legacy = await api.operator.createToken({
      email: "chen@example.com",
      name: "Legacy token",
      legacy: true,
      expires: "never",
    });
    expect(legacy.token).toMatch(/^layer_[0-9a-f]{64}$/);
    const r3 = await call(`${api.url}/v1/whoami`, { token: legacy.token });
    expect(r3.status).toBe(200);
    expect(r3.body.token.legacy).toBe(true);
    expect(r3.body.rotation.map((a: { reason: string }) => a.reason)).toEqual(["legacy_token", "no_expiration"]);
  });

  it("echoes a sane X-Request-Id and replaces an unsafe one", async () => {
    const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Ids" });
    const sane = await call(`${api.url}/v1/whoami`, { token, headers: { "X-Request-Id": "trace-123.abc" } });
    expect(sane.headers.get("x-request-id")).toBe("trace-123.abc");
    const unsafe = await call(`${api.url}/v1/whoami`, { token, headers: { "X-Request-Id": "a b<script>" } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^req_[A-Za-z0-9_-]+$/);
  });

  it("writes last use behind, in one batch", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Usage" });
    for (let i = 0; i < 3; i++) expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
    const before = await api.db.query<{ last_used_at: Date | null }>(
      "SELECT last_used_at FROM api_tokens WHERE key_id = $1",
      [keyId],
    );
    expect(before[0]?.last_used_at).toBeNull();
    const whoami = await call(`${api.url}/v1/whoami`, { token });
    expect(whoami.body.token.lastUsedAt).toBe(clock.now().toISOString());
    await api.services.usage.flush();
    const after = await api.db.query<{ last_used_at: Date | null }>(
      "SELECT last_used_at FROM api_tokens WHERE key_id = $1",
      [keyId],
    );
    expect(after[0]?.last_used_at?.toISOString()).toBe(clock.now().toISOString());
  });
});
