import { describe, expect, it } from "vitest";
import { errorFromResponse } from "./from-response.js";
import { LayerError, ServiceUnavailableError, RateLimitError } from "./layer-error.js";

const ctx = { requestId: "req_sent", now: 0 };
const res = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, text, headers });

describe("errorFromResponse", () => {
  it("prefers the envelope's request id, then the header's, then the one sent", () => {
    expect(
      errorFromResponse(
        res(404, JSON.stringify({ error: { code: "NOT_FOUND", message: "m", requestId: "req_body" } }), {
          "x-request-id": "req_hdr",
        }),
        ctx,
      ).requestId,
    ).toBe("req_body");
    expect(errorFromResponse(res(404, "nope", { "x-request-id": "req_hdr" }), ctx).requestId).toBe("req_hdr");
    expect(errorFromResponse(res(404, "nope", { "x-request-id": "<script>" }), ctx).requestId).toBe("req_sent");
  });

  it("falls back to the status for a code the contract does not know", () => {
    const e = errorFromResponse(
      res(503, JSON.stringify({ error: { code: "MAINTENANCE", message: "back soon", requestId: "r" } })),
      ctx,
    );
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect([e.code, e.message]).toEqual(["SERVICE_UNAVAILABLE", "back soon"]);
  });

  it("gives a plain sentence when the body is not an envelope", () => {
    for (const body of ["", "<html>", "null", "[]", '{"error":"string"}', '{"error":{"code":5}}']) {
      const e = errorFromResponse(res(429, body), ctx);
      expect(e).toBeInstanceOf(RateLimitError);
      expect(e.message).toMatch(/rate limit/);
    }
    const other = errorFromResponse(res(405, ""), ctx);
    expect(other.constructor).toBe(LayerError);
    expect(other.message).toBe("The Layer API answered HTTP 405.");
  });

  it("bounds a long server message", () => {
    const e = errorFromResponse(
      res(400, JSON.stringify({ error: { code: "VALIDATION_FAILED", message: "x".repeat(5000), requestId: "r" } })),
      ctx,
    );
    expect(e.message.length).toBe(500);
  });
});
