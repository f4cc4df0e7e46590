import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

describe("POST /v1/tokens/self/rotate refusals", () => {
  let api: TokenApi;
  let token: string;
  const url = () => `${api.url}/v1/tokens/self/rotate`;
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 100 });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Rotator" }));
  });
  afterAll(() => api?.close());

  it.each([
    ["a negative grace", { graceSeconds: -1 }],
    ["more than 7 days", { graceSeconds: 7 * 86_400 + 1 }],
    ["a fractional grace", { graceSeconds: 1.5 }],
    ["a string", { graceSeconds: "60" }],
    ["an unknown field", { graceSeconds: 0, name: "x" }],
    ["an array", [1, 2]],
  ])("answers 400 for %s", async (_what, json) => {
    const r = await call(url(), { method: "POST", token, json });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    expect(r.body.error.details.issues.length).toBeGreaterThan(0);
  });

  it("answers 400 for malformed JSON and for a body that is not JSON", async () => {
    const malformed = await call(url(), {
      method: "POST",
      token,
      headers: { "Content-Type": "application/json" },
      body: '{"graceSeconds": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("VALIDATION_FAILED");
    const text = await call(url(), {
      method: "POST",
      token,
      headers: { "Content-Type": "text/plain" },
      body: "graceSeconds=0",
    });
    expect(text.status).toBe(400);
  });

  it("answers 413 in the envelope for a huge body", async () => {
    const r = await call(url(), { method: "POST", token, json: { graceSeconds: 0, pad: "x".repeat(200_000) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 401 without a token and 409 when rotating twice", async () => {
    expect((await call(url(), { method: "POST", json: {} })).status).toBe(401);
    const { token: once } = await api.operator.createToken({ email: "ben@example.com", name: "Once" });
    expect((await call(url(), { method: "POST", token: once, json: { graceSeconds: 600 } })).status).toBe(201);
    const again = await call(url(), { method: "POST", token: once, json: { graceSeconds: 600 } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
  });
});
