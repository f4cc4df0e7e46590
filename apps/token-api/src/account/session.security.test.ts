import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { SESSION_LIFETIME_MS } from "./session-service.js";
import { AccountClient } from "../testing/account-client.js";

describe("signing in: wrong credentials, throttling, expiry", () => {
  let api: TokenApi;
  let now = new Date("2026-03-02T09:00:00Z");
  beforeAll(async () => {
    api = await startTokenApi({ ordersRows: 10, clock: () => now });
  });
  afterAll(() => api?.close());

  it("refuses a wrong password and an unknown email alike, without a cookie", async () => {
    const wrong = await new AccountClient(api.url).signIn("ada@example.com", "not-the-password");
    const unknown = await new AccountClient(api.url).signIn("nobody@example.com", "layer-demo");
    for (const reply of [wrong, unknown]) {
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe("UNAUTHENTICATED");
      expect(reply.headers.get("set-cookie")).toBeNull();
    }
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it("ends a session after its lifetime", async () => {
    const ada = new AccountClient(api.url);
    await ada.signIn("ada@example.com");
    expect((await ada.request("GET", "/v1/tokens")).status).toBe(200);
    now = new Date(now.getTime() + SESSION_LIFETIME_MS + 1000);
    expect((await ada.request("GET", "/v1/tokens")).status).toBe(401);
    expect((await ada.request("POST", "/v1/tokens", { json: { name: "late", expiresIn: "30d" } })).status).toBe(401);
  });

  it("throttles repeated failed sign-ins for an email with 429 and Retry-After, even with the right password", async () => {
    const client = new AccountClient(api.url);
    let last = await client.signIn("chen@example.com", "guess-0");
    for (let i = 1; i < 12 && last.status === 401; i++) last = await client.signIn("chen@example.com", `guess-${i}`);
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe("RATE_LIMITED");
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(last.body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect((await client.signIn("chen@example.com")).status).toBe(429);
    // The window passes and the right password works again.
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await client.signIn("chen@example.com")).status).toBe(201);
  });

  it("judges at most the limit of 30 simultaneous wrong passwords: each reserves its attempt before bcrypt", async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => new AccountClient(api.url).signIn("ben@example.com", `simultaneous-${i}`)),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });
});
