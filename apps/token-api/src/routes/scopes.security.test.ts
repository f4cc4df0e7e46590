import { ACCESS_SCOPES } from "@layer/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

describe("scopes, always enforced", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("gives a read-only token projects:read alone: it reads everything and may not rotate itself", async () => {
    const { token, summary } = await api.operator.createToken({
      email: "ada@example.com",
      name: "Power BI - read only",
      access: "read",
    });
    expect(summary).toMatchObject({ access: "read", scopes: ["projects:read"] });
    expect((await call(`${api.url}/v1/projects`, { token })).status).toBe(200);
    const rows = await call(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=2`, { token });
    expect(rows.status).toBe(200);
    const rotate = await call(`${api.url}/v1/tokens/self/rotate`, { method: "POST", token, json: {} });
    expect(rotate.status).toBe(403);
    expect(rotate.body.error).toMatchObject({ code: "FORBIDDEN_SCOPE", details: { scope: "tokens:rotate-self" } });
    expect(rotate.body.error.message).toContain("may not rotate itself");
    expect(rotate.body.error.message).toContain("tokens:rotate-self");
    expect(rotate.body.error.message).toContain(`${api.services.config.publicUrl}/account/api`);
    expect(rotate.text).not.toContain(token);
  });

  it("gives a read-write token every scope, rotation included", async () => {
    const { token, summary } = await api.operator.createToken({ email: "ada@example.com", name: "Excel" });
    expect(summary).toMatchObject({ access: "read-write", scopes: [...ACCESS_SCOPES["read-write"]] });
    const rotate = await call(`${api.url}/v1/tokens/self/rotate`, { method: "POST", token, json: {} });
    expect(rotate.status).toBe(201);
  });

  it("refuses a token stripped of projects:read on every project route, naming the scope", async () => {
    const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Stripped" });
    await api.db.query(`UPDATE api_tokens SET scopes = '["tokens:rotate-self"]'::jsonb WHERE key_id = $1`, [keyId]);
    await api.services.invalidation.publish({ kind: "token", keyId });
    for (const path of [
      "/v1/projects",
      "/v1/projects/prj_acme_tower",
      "/v1/projects/prj_acme_tower/tables",
      "/v1/projects/prj_acme_tower/tables/tbl_sites",
      "/v1/projects/prj_acme_tower/tables/tbl_sites/rows",
    ]) {
      const r = await call(`${api.url}${path}`, { token });
      expect(r.status, path).toBe(403);
      expect(r.body.error).toMatchObject({ code: "FORBIDDEN_SCOPE", details: { scope: "projects:read" } });
      expect(r.body.error.message).toContain("read projects, tables and rows");
    }
    // whoami needs no scope: a client can always find out what its token may do.
    expect((await call(`${api.url}/v1/whoami`, { token })).body.token.scopes).toEqual(["tokens:rotate-self"]);
  });
});
