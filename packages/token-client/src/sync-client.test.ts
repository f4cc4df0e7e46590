import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConnectionError,
  KillSwitchError,
  RateLimitError,
  TimeoutError,
} from "./errors/layer-error.js";
import { createSyncClient, type SyncClientOptions } from "./sync-client.js";
import { FakeUrlFetchApp, type FakeReply } from "./test-support/fake-url-fetch-app.js";
import { makeToken } from "./test-support/tokens.js";

const BASE = "https://layer.test";
const { token, keyId } = makeToken(33);

function syncClient(replies: Array<FakeReply | Error>, extra: Partial<SyncClientOptions> = {}) {
  const transport = new FakeUrlFetchApp(replies);
  const sleeps: number[] = [];
  let now = 0;
  const client = createSyncClient({
    baseUrl: BASE,
    token,
    transport,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    clock: () => now,
    random: () => 0.5,
    ...extra,
  });
  return { client, transport, sleeps };
}

const rateLimited = (retryAfter: string): FakeReply => ({
  status: 429,
  headers: {
    "Retry-After": retryAfter,
    "X-RateLimit-Limit": "60",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset": "30",
    "X-RateLimit-Endpoint-Class": "read-light",
    "X-RateLimit-Tier": "pilot",
  },
  body: {
    error: {
      code: "RATE_LIMITED",
      message: "slow down",
      requestId: "req_1",
      details: { endpointClass: "read-light", retryAfterMs: 900 },
    },
  },
});

describe("the fake UrlFetchApp behaves like the real one", () => {
  it("throws on a 4xx unless muteHttpExceptions is set, and lower-cases header names", () => {
    const fake = new FakeUrlFetchApp([
      { status: 404, headers: { "X-Request-Id": "req_x" } },
      { status: 404, headers: { "X-Request-Id": "req_x" } },
    ]);
    expect(() =>
      fake.fetch(`${BASE}/v1/x`, {
        method: "get",
        headers: {},
        muteHttpExceptions: false as true,
        followRedirects: true,
      }),
    ).toThrow(/returned code 404/);
    const res = fake.fetch(`${BASE}/v1/x`, {
      method: "get",
      headers: {},
      muteHttpExceptions: true,
      followRedirects: true,
    });
    expect(res.getAllHeaders()).toEqual({ "x-request-id": "req_x" });
  });
});

describe("createSyncClient over an UrlFetchApp-like transport", () => {
  it("sends X-Api-Key with muteHttpExceptions and reads lower-cased headers", () => {
    const { client, transport } = syncClient([
      {
        status: 200,
        headers: {
          "X-RateLimit-Limit": "60",
          "X-RateLimit-Remaining": "59",
          "X-RateLimit-Reset": "1",
          "X-Token-Expires-At": "2027-01-01T00:00:00Z",
        },
        body: { projects: [] },
      },
    ]);
    expect(client.listProjects()).toEqual({ projects: [] });
    const call = transport.calls[0]!;
    expect(call.url).toBe(`${BASE}/v1/projects`);
    expect(call.params).toMatchObject({ method: "get", muteHttpExceptions: true, followRedirects: true });
    expect(call.params.headers["X-Api-Key"]).toBe(token);
    expect(call.params.payload).toBeUndefined();
    expect(client.lastRateLimit).toMatchObject({ limit: 60, remaining: 59, resetSeconds: 1 });
    expect(client.lastTokenExpiresAt).toBe("2027-01-01T00:00:00Z");
  });

  it("waits out a 429 with the injected sleep (Utilities.sleep), same request id", () => {
    const { client, transport, sleeps } = syncClient([rateLimited("3"), { status: 200, body: { tables: [] } }]);
    expect(client.listTables("prj_acme_tower")).toEqual({ tables: [] });
    expect(sleeps).toEqual([3000]);
    const ids = transport.calls.map((c) => c.params.headers["X-Request-Id"]);
    expect(ids[0]).toMatch(/^req_/);
    expect(ids[0]).toBe(ids[1]);
  });

  it("fails at once when a custom function's 25 s budget cannot hold the wait", () => {
    const { client, sleeps } = syncClient([rateLimited("30")], { retry: { budgetMs: 25_000 } });
    let error: unknown;
    try {
      client.whoami();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 30_000, retryStoppedBy: "budget" });
    expect(sleeps).toEqual([]);
    expect(client.lastRateLimit).toMatchObject({ remaining: 0, tier: "pilot", endpointClass: "read-light" });
  });

  it("posts JSON through payload and contentType, one Idempotency-Key across retries", () => {
    const { client, transport } = syncClient([
      {
        status: 503,
        headers: { "Retry-After": "1" },
        body: { error: { code: "SERVICE_UNAVAILABLE", message: "db", requestId: "r", details: {} } },
      },
      { status: 201, body: { token: {}, previous: {} } },
    ]);
    client.rotateSelf({ graceSeconds: 60 });
    const [a, b] = transport.calls;
    expect(a!.params).toMatchObject({
      method: "post",
      payload: '{"graceSeconds":60}',
      contentType: "application/json",
    });
    expect(a!.params.headers["Content-Type"]).toBeUndefined();
    expect(a!.params.headers["Idempotency-Key"]).toBeDefined();
    expect(a!.params.headers["Idempotency-Key"]).toBe(b!.params.headers["Idempotency-Key"]);
  });

  it("maps a thrown transport exception to a ConnectionError, and a timeout to a TimeoutError", () => {
    const dns = syncClient([new Error("Exception: DNS error: https://layer.test/v1/whoami")], {
      retry: { maxRetries: 0 },
    });
    expect(() => dns.client.whoami()).toThrow(ConnectionError);
    const slow = syncClient([new Error("Exception: Timeout: https://layer.test/v1/whoami")], {
      retry: { maxRetries: 0 },
    });
    expect(() => slow.client.whoami()).toThrow(TimeoutError);
  });

  it("retries a thrown transport exception, then succeeds", () => {
    const { client, sleeps } = syncClient([new Error("Address unavailable"), { status: 200, body: { ok: 1 } }]);
    expect(client.whoami()).toEqual({ ok: 1 });
    expect(sleeps).toEqual([250]);
  });

  it("never retries 401 or a kill switch", () => {
    const auth = syncClient([
      {
        status: 401,
        body: {
          error: {
            code: "UNAUTHENTICATED",
            message: "revoked",
            requestId: "r",
            details: { reason: "revoked", keyId, name: "Sheets", revokedAt: "2026-11-20T00:00:00Z" },
          },
        },
      },
    ]);
    expect(() => auth.client.whoami()).toThrow(AuthenticationError);
    expect(auth.transport.calls).toHaveLength(1);
    const killed = syncClient([
      {
        status: 503,
        headers: { "retry-after": "5" },
        body: { error: { code: "KILL_SWITCH", message: "off", requestId: "r", details: { scope: "global" } } },
      },
    ]);
    expect(() => killed.client.whoami()).toThrow(KillSwitchError);
    expect(killed.transport.calls).toHaveLength(1);
  });

  it("joins a repeated header that arrives as an array", () => {
    const { client } = syncClient([
      {
        status: 200,
        headers: { "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "9", "X-RateLimit-Tier": ["standard"] },
        body: {},
      },
    ]);
    client.whoami();
    expect(client.lastRateLimit?.tier).toBe("standard");
  });

  it("iterates pages synchronously with field selection", () => {
    const page = (rows: number[], nextCursor: string | null): FakeReply => ({
      status: 200,
      body: { columns: [], rows: rows.map((n) => ({ n })), nextCursor, totalRows: 5 },
    });
    const { client, transport } = syncClient([page([1, 2], "c1"), page([3, 4], "c2"), page([5], null)]);
    const seen: unknown[] = [];
    for (const p of client.pages({ projectId: "prj_acme_tower", tableId: "tbl_orders", limit: 2, fields: "n" }))
      seen.push(...p.rows.map((r) => r["n"]));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(transport.calls.map((c) => c.url.slice(BASE.length))).toEqual([
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=2&fields=n",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=2&cursor=c1&fields=n",
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=2&cursor=c2&fields=n",
    ]);
  });

  it("needs a transport and a way to sleep", () => {
    expect(() => createSyncClient({ baseUrl: BASE, token, transport: undefined as never, sleep: () => {} })).toThrow(
      /transport/,
    );
    expect(() => createSyncClient({ baseUrl: BASE, token, transport: new FakeUrlFetchApp([]) })).toThrow(/sleep/);
  });
});
