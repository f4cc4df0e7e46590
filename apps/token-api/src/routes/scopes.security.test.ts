import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

describe("scope enforcement behind its flag", () => {
  let off: TokenApi;
  let on: TokenApi;
  beforeAll(async () => {
    off = await startTokenApi({ ordersRows: 10 });
    on = await startTokenApi({ ordersRows: 10, config: { enforceScopes: true } });
  });
  afterAll(async () => {
    await off?.close();
    await on?.close();
  });

  it("lets every key use its owner's full access while the flag is off", async () => {
    const { token } = await off.operator.createToken({ email: "ada@example.com", name: "Off" });
    expect((await call(`${off.url}/v1/projects`, { token })).status).toBe(200);
  });

  it("answers 403 FORBIDDEN_SCOPE for a key without the scope once enforced, and passes one that has it", async () => {
    const { token, keyId } = await on.operator.createToken({ email: "ada@example.com", name: "On" });
    const r = await call(`${on.url}/v1/projects`, { token });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: "FORBIDDEN_SCOPE", details: { scope: "projects:read" } });
    expect((await call(`${on.url}/v1/whoami`, { token })).status).toBe(200);
    await on.db.query(`UPDATE api_tokens SET scopes = '["projects:read"]'::jsonb WHERE key_id = $1`, [keyId]);
    await on.services.invalidation.publish({ kind: "token", keyId });
    expect((await call(`${on.url}/v1/projects`, { token })).status).toBe(200);
  });
});
