import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

describe("token authentication, security", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 100 });
  });
  afterAll(() => api?.close());

  it("uses X-Api-Key when both headers are sent", async () => {
    const ada = await api.operator.createToken({ email: "ada@example.com", name: "Ada" });
    const ben = await api.operator.createToken({ email: "ben@example.com", name: "Ben" });
    const r = await call(`${api.url}/v1/whoami`, {
      headers: { "X-Api-Key": ada.token, Authorization: `Bearer ${ben.token}` },
    });
    expect(r.body.user.id).toBe("usr_ada");
    const bad = await call(`${api.url}/v1/whoami`, {
      headers: { "X-Api-Key": "garbage", Authorization: `Bearer ${ben.token}` },
    });
    expect(bad.status).toBe(401);
  });

  it("never reads a token from the query string", async () => {
    const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Query" });
    for (const name of ["api_key", "apiKey", "token", "access_token", "key"]) {
      const r = await call(`${api.url}/v1/whoami?${name}=${encodeURIComponent(token)}`);
      expect(r.status).toBe(401);
      expect(r.body.error.details.reason).toBe("missing");
    }
  });

  it("refuses malformed tokens before any database or bcrypt work", async () => {
    const before = api.services.gate.verifications;
    const query = api.db.query.bind(api.db);
    let queries = 0;
    api.db.query = ((...args: Parameters<typeof query>) => {
      queries++;
      return query(...args);
    }) as typeof api.db.query;
    try {
      for (const bad of [
        "lp_live_short",
        "layer_xyz",
        "Bearer lp_live_x",
        `"lp_live_${"A".repeat(16)}_${"b".repeat(43)}"`,
      ]) {
        expect((await call(`${api.url}/v1/whoami`, { token: bad })).status).toBe(401);
      }
    } finally {
      api.db.query = query;
    }
    expect(queries).toBe(0);
    expect(api.services.gate.verifications).toBe(before);
  });

  it("never echoes the token or its secret in an error", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Echo" });
    const wrong = `${token.slice(0, -5)}ZZZZZ`;
    const r1 = await call(`${api.url}/v1/whoami`, { token: wrong });
    await api.operator.revokeToken(keyId);
    const r2 = await call(`${api.url}/v1/whoami`, { token });
    for (const r of [r1, r2]) {
      expect(r.text).not.toContain(token.slice(25));
      expect(r.text).not.toContain(wrong.slice(25));
    }
  });

  it("refuses new tokens quickly with 503 while the bcrypt bound is reached, cached ones still pass", async () => {
    const cached = await api.operator.createToken({ email: "chen@example.com", name: "Cached" });
    expect((await call(`${api.url}/v1/whoami`, { token: cached.token })).status).toBe(200);
    const fresh = await api.operator.createToken({ email: "chen@example.com", name: "Fresh" });
    const gate = api.services.gate as unknown as { maxInFlight: number };
    const original = gate.maxInFlight;
    gate.maxInFlight = 0;
    try {
      const r = await call(`${api.url}/v1/whoami`, { token: fresh.token });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(r.headers.get("retry-after")).toBe("1");
      expect((await call(`${api.url}/v1/whoami`, { token: cached.token })).status).toBe(200);
    } finally {
      gate.maxInFlight = original;
    }
    expect((await call(`${api.url}/v1/whoami`, { token: fresh.token })).status).toBe(200);
  });

  it("runs bcrypt once for many parallel first requests with the same token", async () => {
    const { token } = await api.operator.createToken({ email: "ben@example.com", name: "Parallel" });
    const before = api.services.gate.verifications;
    const replies = await Promise.all(Array.from({ length: 40 }, () => call(`${api.url}/v1/whoami`, { token })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(api.services.gate.verifications - before).toBe(1);
  });

  it("answers 401 on every request after revocation, many times over", async () => {
    for (let i = 0; i < 15; i++) {
      const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: `Loop ${i}` });
      expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
      await api.operator.revokeToken(keyId);
      const r = await call(`${api.url}/v1/whoami`, { token });
      expect(r.status).toBe(401);
      expect(r.body.error.details.reason).toBe("revoked");
    }
  });
});
