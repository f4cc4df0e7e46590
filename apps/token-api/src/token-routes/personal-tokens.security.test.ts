import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { AccountClient, whoami } from "../testing/account-client.js";

describe("personal tokens: security", () => {
  let api: TokenApi;
  let ada: AccountClient;
  let ben: AccountClient;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
    ada = new AccountClient(api.url);
    ben = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
    await ben.signIn("ben@example.com");
  });
  afterAll(() => api?.close());

  it("needs a session: without one every route is 401", async () => {
    const anon = new AccountClient(api.url);
    for (const [method, path] of [
      ["GET", "/v1/tokens"],
      ["POST", "/v1/tokens"],
      ["PATCH", "/v1/tokens/0123456789ABCDEF"],
      ["DELETE", "/v1/tokens/0123456789ABCDEF"],
      ["GET", "/v1/session"],
      ["DELETE", "/v1/session"],
      ["GET", "/v1/organizations/org_acme/token-holders"],
    ] as const) {
      const reply = await anon.request(method, path, {
        json: method === "POST" || method === "PATCH" ? { name: "x", expiresIn: "90d" } : undefined,
      });
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body.error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses a forged or malformed session cookie", async () => {
    for (const cookie of [`layer_session=${"A".repeat(43)}`, "layer_session=../../etc", "layer_session="]) {
      const reply = await call(`${api.url}/v1/tokens`, { headers: { Cookie: cookie } });
      expect(reply.status).toBe(401);
    }
  });

  it("never lets a token mint, list, rename or revoke tokens, even alongside a session", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Script" });
    const presentations: Record<string, string>[] = [{ "X-Api-Key": token }, { Authorization: `Bearer ${token}` }];
    for (const headers of presentations) {
      const mint = await call(`${api.url}/v1/tokens`, {
        method: "POST",
        headers,
        json: { name: "minted", expiresIn: "never" },
      });
      expect(mint.status).toBe(401);
      expect((await call(`${api.url}/v1/tokens`, { headers })).status).toBe(401);
      expect((await call(`${api.url}/v1/tokens/${keyId}`, { method: "DELETE", headers })).status).toBe(401);
      const withSession = await ada.request("POST", "/v1/tokens", {
        headers,
        json: { name: "minted", expiresIn: "never" },
      });
      expect(withSession.status).toBe(401);
      expect(
        (
          await ada.request("POST", "/v1/session", {
            headers,
            json: { email: "ada@example.com", password: "layer-demo" },
          })
        ).status,
      ).toBe(401);
    }
    const list = await ada.request("GET", "/v1/tokens?name=minted");
    expect(list.body.tokens).toEqual([]);
    expect((await whoami(api.url, token)).status).toBe(200);
  });

  it("refuses mutations without the CSRF token, with a wrong one, or with another session's", async () => {
    const missing = await ada.request("POST", "/v1/tokens", { csrf: false, json: { name: "csrf", expiresIn: "90d" } });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatchObject({ code: "FORBIDDEN", details: { reason: "csrf" } });
    const wrong = await ada.request("POST", "/v1/tokens", {
      csrf: false,
      headers: { "X-CSRF-Token": "x".repeat(43) },
      json: { name: "csrf", expiresIn: "90d" },
    });
    expect(wrong.status).toBe(403);
    const borrowed = await ada.request("POST", "/v1/tokens", {
      csrf: false,
      headers: { "X-CSRF-Token": ben.csrfToken! },
      json: { name: "csrf", expiresIn: "90d" },
    });
    expect(borrowed.status).toBe(403);
    const created = await ada.createToken("Guarded");
    expect(
      (await ada.request("PATCH", `/v1/tokens/${created.body.keyId}`, { csrf: false, json: { name: "renamed" } }))
        .status,
    ).toBe(403);
    expect((await ada.request("DELETE", `/v1/tokens/${created.body.keyId}`, { csrf: false })).status).toBe(403);
    expect((await ada.request("DELETE", "/v1/session", { csrf: false })).status).toBe(403);
    expect((await whoami(api.url, created.body.token)).body.token.name).toBe("Guarded");
    expect((await ada.request("GET", "/v1/tokens?name=csrf")).body.tokens).toEqual([]);
  });

  it("refuses mutations from another site's page (Origin, Sec-Fetch-Site), sign-in included", async () => {
    const foreign = await ada.request("POST", "/v1/tokens", {
      headers: { Origin: "https://evil.example" },
      json: { name: "x", expiresIn: "90d" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.details.reason).toBe("origin");
    expect(
      (await ada.request("POST", "/v1/tokens", { headers: { Origin: "null" }, json: { name: "x", expiresIn: "90d" } }))
        .status,
    ).toBe(403);
    expect(
      (
        await ada.request("POST", "/v1/tokens", {
          headers: { "Sec-Fetch-Site": "cross-site" },
          json: { name: "x", expiresIn: "90d" },
        })
      ).status,
    ).toBe(403);
    const login = await call(`${api.url}/v1/session`, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      json: { email: "ada@example.com", password: "layer-demo" },
    });
    expect(login.status).toBe(403);
    expect(login.headers.get("set-cookie")).toBeNull();
    const own = await ada.request("POST", "/v1/tokens", {
      headers: { Origin: api.url, "Sec-Fetch-Site": "same-origin" },
      json: { name: "Same origin", expiresIn: "90d" },
    });
    expect(own.status).toBe(201);
  });

  it("never shows or changes another user's token: 404, and the token keeps working", async () => {
    const bens = await ben.createToken("Ben's Sheets");
    const { keyId, token } = bens.body;
    const list = await ada.request("GET", "/v1/tokens?includeRevoked=true");
    expect(list.body.tokens.map((t: { keyId: string }) => t.keyId)).not.toContain(keyId);
    const rename = await ada.request("PATCH", `/v1/tokens/${keyId}`, { json: { name: "hijacked" } });
    expect(rename.status).toBe(404);
    expect(rename.body.error.code).toBe("NOT_FOUND");
    const revoke = await ada.request("DELETE", `/v1/tokens/${keyId}`);
    expect(revoke.status).toBe(404);
    const unknown = await ada.request("DELETE", "/v1/tokens/ZZZZZZZZZZZZZZZZ");
    expect(revoke.body.error.message).toBe(unknown.body.error.message);
    const me = await whoami(api.url, token);
    expect(me.status).toBe(200);
    expect(me.body.token.name).toBe("Ben's Sheets");
  });

  it("puts the secret in the create response only: not in lists, holders, the audit log or the database", async () => {
    const created = await ada.createToken("Secret keeper");
    const { token } = created.body;
    const secret = token.split("_").slice(3).join("_");
    await whoami(api.url, token);
    const replies = [
      await ada.request("GET", "/v1/tokens?includeRevoked=true"),
      await ada.request("GET", "/v1/organizations/org_acme/token-holders"),
      await ada.request("PATCH", `/v1/tokens/${created.body.keyId}`, { json: { name: "Secret keeper 2" } }),
      await ada.request("GET", "/v1/session"),
    ];
    for (const reply of replies) expect(reply.text).not.toContain(secret);
    for (const table of ["api_tokens", "audit_log", "account_sessions"]) {
      expect(JSON.stringify(await api.db.query(`SELECT * FROM ${table}`))).not.toContain(secret);
    }
  });
});
