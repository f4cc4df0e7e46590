import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

// docs/contract.md "Rate limits": failed authentication has buckets of its own, per key_id and per
// client address; a stranger who knows a key_id spends neither its owner's quota nor bcrypt time.
let api: TokenApi;

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 10,
    rateLimits: { standard: { "read-light": 100 } },
    config: { authFailureLimits: { perKeyId: 5, perAddress: 12 } },
  });
});
afterAll(async () => api?.close());

/** The same key_id with another (well-formed) secret. */
const wrongSecret = (token: string, n: number) =>
  token.slice(0, -6) +
  String(n)
    .padStart(6, "x")
    .replace(/[^A-Za-z0-9_-]/g, "y");

describe("failed authentication buckets", () => {
  it("refuses guesses at a key_id with 429 once its bucket is spent, without bcrypt and without touching the owner", async () => {
    const owner = await api.operator.createToken({ email: "ada@example.com", name: "Owner", expires: "90d" });
    const before = await call(`${api.url}/v1/whoami`, { token: owner.token });
    expect(before.headers.get("x-ratelimit-remaining")).toBe("99");
    const bcryptBefore = api.services.gate.verifications;

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await call(`${api.url}/v1/whoami`, { token: wrongSecret(owner.token, i) })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    expect(api.services.gate.verifications - bcryptBefore).toBe(5);

    const refused = await call(`${api.url}/v1/whoami`, { token: wrongSecret(owner.token, 99) });
    expect(refused.body.error).toMatchObject({ code: "RATE_LIMITED", details: { endpointClass: "read-light" } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(
      Math.ceil(refused.body.error.details.retryAfterMs / 1000),
    );
    // No rate-limit headers of the key: the stranger learns nothing about the owner's bucket.
    expect(refused.headers.get("x-ratelimit-remaining")).toBeNull();

    // The owner's cached requests go on, and its quota shows only its own requests.
    const after = await call(`${api.url}/v1/whoami`, { token: owner.token });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("98");
  });

  it("counts only failures: many successful first verifications of a key never fill its bucket", async () => {
    for (let i = 0; i < 8; i++) {
      const t = await api.operator.createToken({ email: "chen@example.com", name: `Fresh ${i}`, expires: "90d" });
      expect((await call(`${api.url}/v1/whoami`, { token: t.token })).status).toBe(200);
    }
  });

  it("bounds one client address across key_ids", async () => {
    const tokens = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        api.operator.createToken({ email: "ben@example.com", name: `Target ${i}`, expires: "90d" }),
      ),
    );
    const statuses: number[] = [];
    // One guess per key_id, so only the address bucket (12, less what the test above spent) can refuse.
    for (const [i, t] of tokens.entries())
      statuses.push((await call(`${api.url}/v1/whoami`, { token: wrongSecret(t.token, i) })).status);
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(12 - 5);
  });
});
