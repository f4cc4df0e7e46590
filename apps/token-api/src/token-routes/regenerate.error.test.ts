import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movableClock, startApiOn } from "../testing/api.js";
import { AccountClient } from "../testing/account-client.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

const DAY = 86_400_000;

describe("regenerate refusals", () => {
  let api: TokenApi;
  let ada: AccountClient;
  let ben: AccountClient;
  const clock = movableClock(new Date("2026-05-01T08:00:00Z"));
  beforeAll(async () => {
    api = await startApiOn("pglite", { ordersRows: 10, clock: clock.now });
    ada = new AccountClient(api.url);
    ben = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
    await ben.signIn("ben@example.com");
  });
  afterAll(() => api?.close());
  const regenerate = (who: AccountClient, keyId: string, json: unknown = {}) =>
    who.request("POST", `/v1/tokens/${keyId}/regenerate`, { json });

  it("answers 409 to a second regenerate of the same token, naming its successor", async () => {
    const t = await ada.createToken("Twice");
    const first = await regenerate(ada, t.body.keyId);
    expect(first.status).toBe(201);
    const second = await regenerate(ada, t.body.keyId);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "CONFLICT", details: { successorKeyId: first.body.token.keyId } });
    expect(second.body.error.message).toMatch(/already regenerated/);
  });

  it("answers 409 for a revoked and for an expired token", async () => {
    const revoked = await ada.createToken("Revoked");
    await ada.request("DELETE", `/v1/tokens/${revoked.body.keyId}`);
    const r = await regenerate(ada, revoked.body.keyId);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/revoked/);
    const expiring = await ada.request("POST", "/v1/tokens", {
      json: { name: "Expiring", expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() },
    });
    expect(expiring.status).toBe(201);
    clock.advance(60_000);
    const e = await regenerate(ada, expiring.body.keyId);
    expect(e.status).toBe(409);
    expect(e.body.error.message).toMatch(/expired/);
  });

  it("answers 404 for another user's token and an unknown key id (400 for one that cannot be), changing nothing", async () => {
    const adas = await ada.createToken("Ada's");
    const r = await regenerate(ben, adas.body.keyId);
    expect(r.status).toBe(404);
    expect((await call(`${api.url}/v1/whoami`, { token: adas.body.token })).status).toBe(200);
    expect((await regenerate(ada, "0123456789ABCDEF")).status).toBe(404);
    const malformed = await regenerate(ada, "not-a-key");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues[0].path).toBe("params.keyId");
  });

  it.each([
    [{ overlap: "2h" }, "body.overlap"],
    [{ overlap: 3600 }, "body.overlap"],
    [{ expiresIn: "2d" }, "body.expiresIn"],
    [{ expiresIn: "30d", expiresAt: "2026-06-01T00:00:00Z" }, "body.expiresAt"],
    [{ expiresAt: "tomorrow" }, "body.expiresAt"],
    [{ expiresAt: "2026-04-01T00:00:00Z" }, "body.expiresAt"],
    [{ expiresAt: "2027-05-03T00:00:00Z" }, "body.expiresAt"],
    [{ graceSeconds: 60 }, "body"],
  ])("answers 400 naming the field for %j", async (json, path) => {
    const t = await ada.createToken("Bad body");
    const r = await regenerate(ada, t.body.keyId, json);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    // Nothing happened: the token can still be regenerated.
    expect((await regenerate(ada, t.body.keyId)).status).toBe(201);
  });

  it("needs the session's CSRF token, a session, and never an API token", async () => {
    const t = await ada.createToken("Guarded");
    const noCsrf = await ada.request("POST", `/v1/tokens/${t.body.keyId}/regenerate`, { json: {}, csrf: false });
    expect(noCsrf.status).toBe(403);
    const anonymous = await call(`${api.url}/v1/tokens/${t.body.keyId}/regenerate`, { method: "POST", json: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.details.accountUrl).toBe(`${api.services.config.publicUrl}/account/api`);
    const withToken = await call(`${api.url}/v1/tokens/${t.body.keyId}/regenerate`, {
      method: "POST",
      token: t.body.token,
      json: {},
    });
    expect(withToken.status).toBe(401);
    const notJson = await ada.request("POST", `/v1/tokens/${t.body.keyId}/regenerate`, {
      body: "overlap=none",
      headers: { "Content-Type": "text/plain" },
    });
    expect(notJson.status).toBe(400);
    expect((await regenerate(ada, t.body.keyId)).status).toBe(201);
  });

  it("refuses a self-rotation of a token already regenerated on the page (one implementation)", async () => {
    const t = await ada.createToken("Both ways", "30d");
    expect((await regenerate(ada, t.body.keyId, { overlap: "1h" })).status).toBe(201);
    const self = await call(`${api.url}/v1/tokens/self/rotate`, { method: "POST", token: t.body.token, json: {} });
    expect(self.status).toBe(409);
    clock.advance(DAY);
  });
});
