import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./http.js";
import { startTokenApi, type TokenApi } from "./index.js";

describe("startTokenApi", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 1_000 });
  });
  afterAll(() => api?.close());

  it("serves the demo data on a free port", async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { token } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Excel - Budget",
      expires: "90d",
    });
    const r = await call(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_orders`, { token });
    expect(r.status).toBe(200);
    expect(r.body.rowCount).toBe(1_000);
  });

  it("creates, counts, kills, restores and revokes a token", async () => {
    const { token, keyId } = await api.operator.createToken({
      email: "ben@example.com",
      name: "Sheets",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    expect(token).toMatch(new RegExp(`^lp_live_${keyId}_[A-Za-z0-9_-]{43}$`));
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
    await api.operator.killKey(keyId);
    const killed = await call(`${api.url}/v1/whoami`, { token });
    expect(killed.status).toBe(503);
    expect(killed.body.error.code).toBe("KILL_SWITCH");
    await api.operator.restoreKey(keyId);
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
    await api.operator.setTier(keyId, "pilot");
    expect((await call(`${api.url}/v1/whoami`, { token })).body.token.tier).toBe("pilot");
    await api.operator.revokeToken(keyId);
    const revoked = await call(`${api.url}/v1/whoami`, { token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.details).toMatchObject({ reason: "revoked", keyId, name: "Sheets" });
    expect(api.requestCount(keyId)).toBe(5);
  });

  it("removes a member: the next request is 404", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Power BI" });
    expect((await call(`${api.url}/v1/projects/prj_acme_tower`, { token })).status).toBe(200);
    await api.operator.removeMember("prj_acme_tower", "ben@example.com");
    const after = await call(`${api.url}/v1/projects/prj_acme_tower`, { token });
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe("NOT_FOUND");
  });
});
