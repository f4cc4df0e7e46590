import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient, type ClientOptions } from "./client.js";
import {
  AuthenticationError,
  ConnectionError,
  KillSwitchError,
  RateLimitError,
  TimeoutError,
} from "./errors/layer-error.js";
import { rotationAdvice } from "./guidance/rotation-advice.js";
import { makeToken } from "./test-support/tokens.js";

const BASE = "https://layer.test";
const { token, keyId } = makeToken(21);
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function client(extra: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = createClient({ baseUrl: `${BASE}/`, token, sleep: async (ms) => void sleeps.push(ms), ...extra });
  return { c, sleeps };
}

const rateHeaders = {
  "X-RateLimit-Limit": "600",
  "X-RateLimit-Remaining": "598",
  "X-RateLimit-Reset": "42",
  "X-RateLimit-Endpoint-Class": "read-light",
  "X-RateLimit-Tier": "standard",
};

function sequence(path: string, replies: Array<() => Response | Promise<Response>>, method: "get" | "post" = "get") {
  let i = 0;
  server.use(
    http[method](`${BASE}${path}`, ({ request }) => {
      seen.push(request.clone());
      const r = replies[Math.min(i++, replies.length - 1)];
      return r!();
    }),
  );
}

const whoamiBody = {
  user: { id: "u1", email: "ada@example.com", name: "Ada" },
  organizations: [],
  token: {
    name: "Excel - Budget",
    keyId,
    env: "live",
    legacy: false,
    scopes: [],
    tier: "standard",
    createdAt: "2026-01-01T00:00:00Z",
    expiresAt: "2026-12-01T00:00:00Z",
    lastUsedAt: null,
  },
  rotation: [],
};

describe("createClient over fetch (msw)", () => {
  it("sends the token as X-Api-Key with a request id, and remembers rate limit and expiry", async () => {
    sequence("/v1/whoami", [
      () =>
        HttpResponse.json(whoamiBody, { headers: { ...rateHeaders, "X-Token-Expires-At": "2026-12-01T00:00:00Z" } }),
    ]);
    const { c } = client({ clock: () => 5 });
    expect(c.lastRateLimit).toBeNull();
    await expect(c.whoami()).resolves.toEqual(whoamiBody);
    const req = seen[0]!;
    expect(req.headers.get("x-api-key")).toBe(token);
    expect(req.headers.get("authorization")).toBeNull();
    expect(req.headers.get("x-request-id")).toMatch(/^req_[0-9a-z]{24}$/);
    expect(req.headers.get("accept")).toBe("application/json");
    // Nothing but what whoami was asked for: never the token.
    expect(new URL(req.url).search).toBe("?include=projects");
    expect(c.lastRateLimit).toEqual({
      limit: 600,
      remaining: 598,
      resetSeconds: 42,
      endpointClass: "read-light",
      tier: "standard",
      observedAt: 5,
    });
    expect(c.lastTokenExpiresAt).toBe("2026-12-01T00:00:00Z");
  });

  it("learns that a token never expires only from a success without the header", async () => {
    sequence("/v1/projects", [() => HttpResponse.json({ projects: [] })]);
    const { c } = client();
    await c.listProjects();
    expect(c.lastTokenExpiresAt).toBeNull();
  });

  it("waits out a 429 with the injected sleep, keeping the request id", async () => {
    sequence("/v1/projects/prj_acme_tower/tables", [
      () =>
        HttpResponse.json(
          {
            error: {
              code: "RATE_LIMITED",
              message: "slow",
              requestId: "req_a",
              details: { endpointClass: "read-light", retryAfterMs: 1200 },
            },
          },
          { status: 429, headers: { "Retry-After": "2", ...rateHeaders, "X-RateLimit-Remaining": "0" } },
        ),
      () => HttpResponse.json({ tables: [] }, { headers: rateHeaders }),
    ]);
    const { c, sleeps } = client();
    await expect(c.listTables("prj_acme_tower")).resolves.toEqual({ tables: [] });
    expect(sleeps).toEqual([2000]);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers.get("x-request-id")).toBe(seen[1]!.headers.get("x-request-id"));
    expect(c.lastRateLimit?.remaining).toBe(598);
  });

  it("fails at once with the wait when a 429 does not fit the budget", async () => {
    sequence("/v1/whoami", [
      () =>
        HttpResponse.json(
          {
            error: {
              code: "RATE_LIMITED",
              message: "slow",
              requestId: "req_b",
              details: { endpointClass: "read-light", retryAfterMs: 40_000 },
            },
          },
          { status: 429, headers: { "Retry-After": "40" } },
        ),
    ]);
    const { c, sleeps } = client({ retry: { budgetMs: 25_000 } });
    const error = await c.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      retryAfterMs: 40_000,
      retryStoppedBy: "budget",
      requestId: "req_b",
      endpointClass: "read-light",
    });
    expect(sleeps).toEqual([]);
  });

  it("keeps one Idempotency-Key across the retries of a POST", async () => {
    sequence(
      "/v1/tokens/self/rotate",
      [
        () =>
          HttpResponse.json(
            { error: { code: "SERVICE_UNAVAILABLE", message: "db down", requestId: "req_c", details: {} } },
            { status: 503, headers: { "Retry-After": "1" } },
          ),
        () => new HttpResponse("bad gateway", { status: 502 }),
        () =>
          HttpResponse.json(
            { token: { token: "new" }, previous: { keyId, name: "x", expiresAt: "2026-12-01T00:00:00Z" } },
            { status: 201 },
          ),
      ],
      "post",
    );
    const { c } = client();
    await c.rotateSelf({ graceSeconds: 3600 });
    const keys = seen.map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await seen[2]!.json()).toEqual({ graceSeconds: 3600 });
    expect(seen[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("never retries a kill switch", async () => {
    sequence("/v1/whoami", [
      () =>
        HttpResponse.json(
          { error: { code: "KILL_SWITCH", message: "key disabled", requestId: "req_d", details: { scope: "key" } } },
          { status: 503 },
        ),
    ]);
    const { c } = client();
    await expect(c.whoami()).rejects.toBeInstanceOf(KillSwitchError);
    expect(seen).toHaveLength(1);
  });

  it("retries a network error and gives a ConnectionError when it persists", async () => {
    sequence("/v1/whoami", [() => HttpResponse.error()]);
    const { c, sleeps } = client({ retry: { maxRetries: 2 } });
    const error = await c.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ status: 0, code: "CONNECTION_FAILED", retryStoppedBy: "max_retries" });
    expect(sleeps).toHaveLength(2);
    expect(seen).toHaveLength(3);
  });

  it("times out an attempt that never answers", async () => {
    sequence("/v1/whoami", [
      async () => {
        await delay("infinite");
        return HttpResponse.json({});
      },
    ]);
    const { c } = client({ timeoutMs: 30, retry: { maxRetries: 1 } });
    const error = await c.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "TIMEOUT", status: 0 });
  });

  it("turns an expired token's 401 into rotation advice", async () => {
    sequence("/v1/whoami", [
      () =>
        HttpResponse.json(
          {
            error: {
              code: "UNAUTHENTICATED",
              message: "Token expired",
              requestId: "req_e",
              details: { reason: "expired", keyId, name: "Google Sheets - Budget", expiredAt: "2026-11-01T00:00:00Z" },
            },
          },
          { status: 401 },
        ),
    ]);
    const { c } = client();
    const error = await c.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const advice = rotationAdvice({
      error,
      now: Date.parse("2026-11-23T00:00:00Z"),
      tool: "Google Sheets",
      documentName: "Budget",
      accountUrl: `${BASE}/account/api`,
    });
    expect(advice).toMatchObject({ reason: "expired", severity: "error", tokenName: "Google Sheets - Budget", keyId });
  });

  it("pages through rows with field selection until nextCursor is null", async () => {
    server.use(
      http.get(`${BASE}/v1/projects/prj_acme_tower/tables/tbl_orders/rows`, ({ request }) => {
        seen.push(request.clone());
        const url = new URL(request.url);
        const cursor = url.searchParams.get("cursor");
        const n = cursor === null ? 0 : Number(cursor);
        const rows = [{ order_id: n + 1 }, { order_id: n + 2 }];
        return HttpResponse.json({ columns: [], rows, nextCursor: n >= 4 ? null : String(n + 2), totalRows: 6 });
      }),
    );
    const { c } = client();
    const ids: unknown[] = [];
    for await (const page of c.pages({
      projectId: "prj_acme_tower",
      tableId: "tbl_orders",
      limit: 2,
      fields: ["order_id", "amount"],
    }))
      ids.push(...page.rows.map((r) => r["order_id"]));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((r) => new URL(r.url).search)).toEqual([
      "?limit=2&fields=order_id%2Camount",
      "?limit=2&cursor=2&fields=order_id%2Camount",
      "?limit=2&cursor=4&fields=order_id%2Camount",
    ]);
  });

  it("stops paging when the server repeats a cursor", async () => {
    sequence("/v1/projects/p/tables/t/rows", [
      () => HttpResponse.json({ columns: [], rows: [], nextCursor: "same", totalRows: 0 }),
    ]);
    const { c } = client();
    const pages = async () => {
      for await (const _ of c.pages({ projectId: "p", tableId: "t" })) void _;
    };
    await expect(pages()).rejects.toMatchObject({ code: "BAD_RESPONSE" });
    expect(seen).toHaveLength(2);
  });

  it("uses an injected fetch instead of the global one", async () => {
    const calls: string[] = [];
    const { c } = client({
      fetch: async (url) => {
        calls.push(url);
        return new Response(JSON.stringify({ projects: [] }), { status: 200 });
      },
    });
    await c.listProjects();
    expect(calls).toEqual([`${BASE}/v1/projects`]);
  });

  it("refuses options it cannot use, without quoting the token", () => {
    expect(() => createClient({ baseUrl: "api.layer.test", token })).toThrow(/baseUrl/);
    expect(() => createClient({ baseUrl: BASE, token: "" })).toThrow(/token is required/);
    const broken = `${token.slice(0, 30)}\n${token.slice(30)}`;
    expect(() => createClient({ baseUrl: BASE, token: broken })).toThrow(/line break/);
    try {
      createClient({ baseUrl: BASE, token: broken });
    } catch (e) {
      expect(String(e)).not.toContain(token.slice(30));
    }
  });
});
