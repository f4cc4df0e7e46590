import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

describe("health and the OpenAPI document", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10 });
  });
  afterAll(() => api?.close());

  it("answers /healthz and /readyz without a token", async () => {
    expect((await call(`${api.url}/healthz`)).body).toEqual({ status: "ok" });
    expect((await call(`${api.url}/readyz`)).body).toMatchObject({ status: "ready", engine: "pglite" });
  });

  it("serves /openapi.json generated from the contract's schemas", async () => {
    const r = await call(`${api.url}/openapi.json`);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/whoami",
      "/v1/projects",
      "/v1/projects/{projectId}/tables/{tableId}/rows",
      "/v1/tokens/self/rotate",
      "/v1/tokens/{keyId}/regenerate",
    ]) {
      expect(r.body.paths[path]).toBeDefined();
    }
    const rows = r.body.paths["/v1/projects/{projectId}/tables/{tableId}/rows"].get;
    expect(rows.parameters.map((p: { name: string }) => p.name)).toEqual([
      "projectId",
      "tableId",
      "limit",
      "cursor",
      "fields",
      "filter",
      "sort",
      "count",
      "layer-organization",
    ]);
    expect(rows.parameters.find((p: { name: string }) => p.name === "layer-organization").in).toBe("header");
    const filter = rows.parameters.find((p: { name: string }) => p.name === "filter");
    expect(filter.description).toContain("VALIDATION_FAILED");
    expect(filter.schema.examples[0]).toBe("region eq 'North' and amount ge 500");
    expect(rows.responses["200"].content["application/json"].schema.properties.count).toBeDefined();
    const whoami = r.body.paths["/v1/whoami"].get.responses["200"].content["application/json"].schema;
    expect(Object.keys(whoami.properties)).toEqual(["user", "organizations", "organization", "token", "rotation"]);
    expect(r.body.components.securitySchemes.apiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-Api-Key" });
  });

  it("refuses a readiness check with 503 and Retry-After when the database is gone", async () => {
    const query = api.db.query;
    api.db.query = () => Promise.reject(new Error("connection lost"));
    try {
      const r = await call(`${api.url}/readyz`);
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe("SERVICE_UNAVAILABLE");
      expect(r.headers.get("retry-after")).toBe("5");
    } finally {
      api.db.query = query;
    }
  });

  it("hides internal errors behind INTERNAL without a stack", async () => {
    const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Crash" });
    await call(`${api.url}/v1/whoami`, { token });
    const query = api.db.query;
    api.db.query = () => Promise.reject(new Error("secret internals at /srv/db.ts:42"));
    try {
      const r = await call(`${api.url}/v1/projects`, { token });
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe("INTERNAL");
      expect(r.text).not.toContain("/srv/db.ts");
    } finally {
      api.db.query = query;
    }
  });
});
