import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

// docs/contract.md "Rate limits" and "Headers", in one process with in-memory buckets.
let api: TokenApi;

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 50,
    rateLimits: { standard: { "read-light": 5, "long-running": 3, "write-light": 2 }, pilot: { "read-light": 8 } },
  });
});
afterAll(async () => api?.close());

const ada = (name: string) => api.operator.createToken({ email: "ada@example.com", name, expires: "90d" });

describe("rate limits", () => {
  it("puts the contract's X-RateLimit-* headers and the IETF RateLimit fields on every authenticated response", async () => {
    const { token } = await ada("Headers");
    const first = await call(`${api.url}/v1/whoami`, { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(60);
    expect(first.headers.get("x-ratelimit-endpoint-class")).toBe("read-light");
    expect(first.headers.get("x-ratelimit-tier")).toBe("standard");
    expect(first.headers.get("ratelimit-policy")).toBe('"read-light";q=5;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/^"read-light";r=4;t=\d+$/);
    // An error after authentication (404) is an authenticated response too.
    const missing = await call(`${api.url}/v1/projects/prj_nope`, { token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-ratelimit-remaining")).toBe("3");
  });

  it("answers 429 with Retry-After in whole seconds, never shorter than retryAfterMs", async () => {
    const { token } = await ada("Spender");
    for (let i = 0; i < 5; i++) expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);
    const refused = await call(`${api.url}/v1/whoami`, { token });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED", details: { endpointClass: "read-light" } });
    const retryAfterMs = refused.body.error.details.retryAfterMs as number;
    expect(Number.isInteger(retryAfterMs) && retryAfterMs > 0).toBe(true);
    const retryAfter = refused.headers.get("retry-after")!;
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(Number(retryAfter) * 1000).toBeGreaterThanOrEqual(retryAfterMs);
    expect(Number(retryAfter)).toBe(Math.ceil(retryAfterMs / 1000));
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("keeps a bucket per endpoint class: a spent read-light leaves long-running and write-light alone", async () => {
    const { token } = await ada("Classes");
    for (let i = 0; i < 6; i++) await call(`${api.url}/v1/whoami`, { token });
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(429);
    const rows = await call(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_sites/rows`, { token });
    expect(rows.status).toBe(200);
    expect(rows.headers.get("x-ratelimit-endpoint-class")).toBe("long-running");
    expect(rows.headers.get("x-ratelimit-limit")).toBe("3");
    const rotate = await call(`${api.url}/v1/tokens/self/rotate`, {
      token,
      method: "POST",
      json: { graceSeconds: 60 },
    });
    expect(rotate.headers.get("x-ratelimit-endpoint-class")).toBe("write-light");
    expect(rotate.headers.get("x-ratelimit-limit")).toBe("2");
  });

  it("keeps a bucket per key: one key's spent quota does not touch another's", async () => {
    const noisy = await ada("Noisy");
    const quiet = await ada("Quiet");
    for (let i = 0; i < 6; i++) await call(`${api.url}/v1/whoami`, { token: noisy.token });
    const reply = await call(`${api.url}/v1/whoami`, { token: quiet.token });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-ratelimit-remaining")).toBe("4");
  });

  it("applies the tier the operator sets, on the next request", async () => {
    const { token, keyId } = await ada("Pilot");
    await call(`${api.url}/v1/whoami`, { token });
    await api.operator.setTier(keyId, "pilot");
    const reply = await call(`${api.url}/v1/whoami`, { token });
    expect(reply.headers.get("x-ratelimit-tier")).toBe("pilot");
    expect(reply.headers.get("x-ratelimit-limit")).toBe("8");
    // The count of the window carries over: the bucket is the key's, not the tier's.
    expect(reply.headers.get("x-ratelimit-remaining")).toBe("6");
  });

  it("sends no rate-limit headers on refusals before authentication", async () => {
    const reply = await call(`${api.url}/v1/whoami`, { token: "lp_live_nope" });
    expect(reply.status).toBe(401);
    expect(reply.headers.get("x-ratelimit-limit")).toBeNull();
  });
});
