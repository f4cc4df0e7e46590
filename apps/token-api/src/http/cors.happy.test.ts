import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

const ADDIN = "https://localhost:3000";

describe("CORS for the Excel add-in", () => {
  let api: TokenApi;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, corsOrigins: [ADDIN] });
  });
  afterAll(() => api?.close());

  it("answers the preflight for the contract's headers", async () => {
    const r = await call(`${api.url}/v1/whoami`, {
      method: "OPTIONS",
      headers: {
        Origin: ADDIN,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-api-key,idempotency-key",
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get("access-control-allow-origin")).toBe(ADDIN);
    const allowed = r.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const h of ["x-api-key", "authorization", "content-type", "idempotency-key"]) expect(allowed).toContain(h);
  });

  it("puts the allowed origin and exposed headers on errors too", async () => {
    const r = await call(`${api.url}/v1/whoami`, { headers: { Origin: ADDIN } });
    expect(r.status).toBe(401);
    expect(r.headers.get("access-control-allow-origin")).toBe(ADDIN);
    const exposed = r.headers.get("access-control-expose-headers")!.toLowerCase();
    for (const h of [
      "retry-after",
      "x-request-id",
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
      "x-ratelimit-endpoint-class",
      "x-ratelimit-tier",
      "x-token-expires-at",
    ]) {
      expect(exposed).toContain(h);
    }
  });

  it("does not allow other origins", async () => {
    const r = await call(`${api.url}/v1/whoami`, { headers: { Origin: "https://evil.example" } });
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });
});
