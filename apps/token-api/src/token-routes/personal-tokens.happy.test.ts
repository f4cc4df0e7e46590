import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { AccountClient, whoami } from "../testing/account-client.js";

const DAY = 86_400_000;

describe("personal tokens of the signed-in user", () => {
  let api: TokenApi;
  let ada: AccountClient;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
  });
  afterAll(() => api?.close());

  it("creates a token whose secret is returned once and works at once", async () => {
    const created = await ada.createToken("Power BI - Acme Tower", "90d");
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { token, keyId } = created.body;
    expect(token).toMatch(new RegExp(`^lp_live_${keyId}_[A-Za-z0-9_-]{43}$`));
    expect(created.body.masked).toBe(`lp_live_${keyId}_…`);
    expect(created.body.name).toBe("Power BI - Acme Tower");
    const days = (new Date(created.body.expiresAt).getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const me = await whoami(api.url, token);
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("ada@example.com");
    expect(me.body.token.name).toBe("Power BI - Acme Tower");
  });

  it("offers 30 days, 1 year and no expiration, and test tokens", async () => {
    const month = await ada.createToken("Month", "30d");
    expect((new Date(month.body.expiresAt).getTime() - Date.now()) / DAY).toBeCloseTo(30, 0);
    const year = await ada.createToken("Year", "1y");
    expect((new Date(year.body.expiresAt).getTime() - Date.now()) / DAY).toBeCloseTo(365, 0);
    const forever = await ada.createToken("Forever", "never", "test");
    expect(forever.body.expiresAt).toBeNull();
    expect(forever.body.token).toMatch(/^lp_test_/);
    expect((await whoami(api.url, forever.body.token)).body.token.env).toBe("test");
  });

  it("lists the user's tokens newest first, masked, with created, expiration and last used; never a secret", async () => {
    const a = await ada.createToken("Listing A");
    const b = await ada.createToken("Listing B");
    await whoami(api.url, b.body.token);
    const list = await ada.request("GET", "/v1/tokens");
    expect(list.status).toBe(200);
    const names = list.body.tokens.map((t: { name: string }) => t.name);
    expect(names.indexOf("Listing B")).toBeLessThan(names.indexOf("Listing A"));
    const times = list.body.tokens.map((t: { createdAt: string }) => t.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const t of list.body.tokens) {
      expect(Object.keys(t).sort()).toEqual([
        "access",
        "createdAt",
        "env",
        "expiredAt",
        "expiresAt",
        "keyId",
        "lastUsedAt",
        "legacy",
        "masked",
        "name",
        "projectIds",
        "revokedAt",
        "revokedBy",
        "rotatedFrom",
        "rotatedTo",
        "scopes",
        "status",
        "tier",
      ]);
      expect(t.status).toBe("active");
      expect(t.masked).toMatch(/^lp_(live|test)_[0-9A-Z]{16}_…$/);
    }
    // Last use shows at once, though the database write is batched behind.
    const listed = (keyId: string) => list.body.tokens.find((t: { keyId: string }) => t.keyId === keyId);
    expect(listed(b.body.keyId).lastUsedAt).not.toBeNull();
    expect(listed(a.body.keyId).lastUsedAt).toBeNull();
    expect(list.text).not.toContain(a.body.token);
    expect(list.text).not.toContain(b.body.token);
    expect(list.text).not.toContain("$2");
  });

  it("filters by a part of the name, case-insensitively", async () => {
    await ada.createToken("Excel desktop");
    await ada.createToken("Daily backup script");
    const excel = await ada.request("GET", "/v1/tokens?name=EXCEL");
    expect(excel.body.tokens.map((t: { name: string }) => t.name)).toEqual(["Excel desktop"]);
    const none = await ada.request("GET", "/v1/tokens?name=nothing-like-this");
    expect(none.body.tokens).toEqual([]);
  });

  it("renames a token without invalidating it", async () => {
    const created = await ada.createToken("Old name");
    const renamed = await ada.request("PATCH", `/v1/tokens/${created.body.keyId}`, { json: { name: "  New name  " } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("New name");
    expect(renamed.text).not.toContain(created.body.token);
    const me = await whoami(api.url, created.body.token);
    expect(me.status).toBe(200);
    expect(me.body.token.name).toBe("New name");
  });

  it("revokes a token for good: the next request is 401 and the list no longer shows it", async () => {
    const created = await ada.createToken("To revoke");
    expect((await whoami(api.url, created.body.token)).status).toBe(200);
    const revoked = await ada.request("DELETE", `/v1/tokens/${created.body.keyId}`);
    expect(revoked.status).toBe(204);
    const after = await whoami(api.url, created.body.token);
    expect(after.status).toBe(401);
    expect(after.body.error.details).toMatchObject({ reason: "revoked", keyId: created.body.keyId, name: "To revoke" });
    const list = await ada.request("GET", "/v1/tokens");
    expect(list.body.tokens.map((t: { keyId: string }) => t.keyId)).not.toContain(created.body.keyId);
    const withRevoked = await ada.request("GET", "/v1/tokens?includeRevoked=true");
    const shown = withRevoked.body.tokens.find((t: { keyId: string }) => t.keyId === created.body.keyId);
    expect(shown.revokedAt).not.toBeNull();
    // Revoking again changes nothing and is not an error.
    expect((await ada.request("DELETE", `/v1/tokens/${created.body.keyId}`)).status).toBe(204);
  });
});
