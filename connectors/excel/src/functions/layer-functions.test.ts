import { OfficeMockObject } from "office-addin-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { envelope, ordersHandler, whoami, type Handler } from "../../test/fake-api.js";
import { connectedSession } from "../../test/session-fixture.js";
import { useLayerFunctions, layerTable, layerToken } from "./functions.js";
import { createLayerFunctions } from "./layer-functions.js";
import { associateLayerFunctions, customFunctionsError } from "./register.js";

// CustomFunctions as Excel provides it, imitated with office-addin-mock (it has no Excel
// behaviour of its own: we give it the shape the add-in relies on).
class MockCustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const associated = new Map<string, unknown>();
beforeEach(() => {
  associated.clear();
  const mock = new OfficeMockObject({
    Error: MockCustomFunctionsError,
    associate: (id: string, fn: unknown) => void associated.set(id, fn),
  });
  // An enum in office.js, not a loadable property: plain values.
  mock.ErrorCode = { invalidValue: "#VALUE!", notAvailable: "#N/A" };
  (globalThis as Record<string, unknown>).CustomFunctions = mock;
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).CustomFunctions;
});

async function setup(handler: Handler, cacheTtlMs?: number) {
  const fixture = await connectedSession(handler, cacheTtlMs === undefined ? {} : { cacheTtlMs });
  useLayerFunctions(
    createLayerFunctions({ session: fixture.session, cellError: customFunctionsError, documentName: () => "Budget" }),
  );
  associateLayerFunctions();
  return fixture;
}

async function cellError(promise: Promise<unknown>): Promise<MockCustomFunctionsError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MockCustomFunctionsError);
  return error as MockCustomFunctionsError;
}

describe("=LAYER.TABLE", () => {
  it("takes an optional filter: the API keeps the rows, each filter is its own call, a bad one says where", async () => {
    const { api } = await setup(ordersHandler(50));
    const table = associated.get("TABLE") as typeof layerTable;
    expect(await table("prj_acme_tower", "tbl_orders", "order_id", 3, "customer eq 'Customer 3'")).toEqual([
      ["order_id"],
      [3],
      [10],
      [17],
    ]);
    expect(await table("prj_acme_tower", "tbl_orders", "order_id", 2, "order_id gt 48")).toEqual([
      ["order_id"],
      [49],
      [50],
    ]);
    expect(api.calls.filter((c) => c.path.includes("/rows"))).toHaveLength(2);
    const bad = await cellError(table("prj_acme_tower", "tbl_orders", "order_id", 2, "order_id gt 'x'"));
    expect(bad.code).toBe("#VALUE!");
    expect(bad.message).toBe(
      "Layer cannot use this filter: character 10: cannot compare number with string. Edit the filter and try again.",
    );
  });

  it("spills a header row and the rows, honouring fields and limit", async () => {
    await setup(ordersHandler(50));
    const table = associated.get("TABLE") as typeof layerTable;
    const result = await table("prj_acme_tower", "tbl_orders", "order_id, customer", 3);
    expect(result).toEqual([
      ["order_id", "customer"],
      [1, "Customer 1"],
      [2, "Customer 2"],
      [3, "Customer 3"],
    ]);
  });

  it("shares one request among identical cells in flight and serves a brief cache, then fetches again", async () => {
    const { api, time } = await setup(ordersHandler(20), 30_000);
    const results = await Promise.all([1, 2, 3].map(() => layerTable("prj_acme_tower", "tbl_orders", undefined, 5)));
    expect(results[0]).toHaveLength(6);
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(1);
    await layerTable("prj_acme_tower", "tbl_orders", undefined, 5);
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(1);
    time.advance(31_000);
    await layerTable("prj_acme_tower", "tbl_orders", undefined, 5);
    expect(api.count("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).toBe(2);
  });

  it("answers bad arguments with #VALUE! and sends nothing", async () => {
    const { api } = await setup(ordersHandler(5));
    expect((await cellError(layerTable("", "tbl_orders"))).code).toBe("#VALUE!");
    const limit = await cellError(layerTable("prj_acme_tower", "tbl_orders", undefined, 0));
    expect(limit.code).toBe("#VALUE!");
    expect(limit.message).toContain("limit");
    expect(api.calls).toHaveLength(0);
  });

  it("names the token and says to rotate on a revoked token, without retrying", async () => {
    const { api } = await setup(() => ({
      status: 401,
      body: envelope("UNAUTHENTICATED", "revoked", {
        reason: "revoked",
        name: "Excel - Budget",
        keyId: "0123456789ABCDEF",
        revokedAt: "2026-11-20T00:00:00Z",
      }),
    }));
    const error = await cellError(layerTable("prj_acme_tower", "tbl_orders"));
    expect(error.code).toBe("#N/A");
    expect(error.message).toContain('"Excel - Budget"');
    expect(error.message).toMatch(/revoked/);
    expect(error.message).toMatch(/Rotate token/);
    expect(api.calls).toHaveLength(1);
  });

  it("says an administrator disabled the key on KILL_SWITCH and never retries", async () => {
    const { api } = await setup(() => ({ status: 503, body: envelope("KILL_SWITCH", "off", { scope: "key" }) }));
    const error = await cellError(layerTable("prj_acme_tower", "tbl_orders"));
    expect(error.code).toBe("#N/A");
    expect(error.message).toMatch(/administrator disabled token "Excel - Budget"/);
    expect(api.calls).toHaveLength(1);
  });

  it("retries SERVICE_UNAVAILABLE after Retry-After and succeeds", async () => {
    let first = true;
    const orders = ordersHandler(3);
    const { api, time } = await setup((path, init) => {
      if (first) {
        first = false;
        return { status: 503, body: envelope("SERVICE_UNAVAILABLE", "db down"), headers: { "Retry-After": "2" } };
      }
      return orders(path, init);
    });
    const result = await layerTable("prj_acme_tower", "tbl_orders");
    expect(result).toHaveLength(4);
    expect(api.calls).toHaveLength(2);
    expect(time.slept).toContain(2000);
  });

  it("waits out a short 429 and shares a long one as every cell's deadline, saying when to retry", async () => {
    let rateLimited = 1;
    const orders = ordersHandler(3);
    const { time } = await setup((path, init) => {
      if (rateLimited > 0) {
        rateLimited -= 1;
        return {
          status: 429,
          body: envelope("RATE_LIMITED", "slow down", { retryAfterMs: 1000, endpointClass: "read-light" }),
          headers: { "Retry-After": "1" },
        };
      }
      return orders(path, init);
    });
    expect(await layerTable("prj_acme_tower", "tbl_orders")).toHaveLength(4);
    expect(time.slept).toContain(1000);
  });

  it("shares a 429 too long for a cell as every cell's deadline and says when to retry", async () => {
    const { api, session } = await setup(() => ({
      status: 429,
      body: envelope("RATE_LIMITED", "slow down", { retryAfterMs: 120_000, endpointClass: "read-light" }),
      headers: { "Retry-After": "120" },
    }));
    const first = await cellError(layerTable("prj_acme_tower", "tbl_orders", "customer"));
    expect(first.code).toBe("#N/A");
    expect(first.message).toMatch(/Rate limit for token "Excel - Budget": try again after/);
    expect(session.throttle.waitMs(session.clock())).toBeGreaterThan(100_000);
    const sent = api.calls.length;
    const other = await cellError(layerTable("prj_acme_tower", "tbl_orders", "order_id"));
    expect(other.message).toMatch(/try again after/);
    expect(api.calls.length).toBe(sent);
  });

  it("does not send while the shared back-off deadline is too far away", async () => {
    const { api, session } = await setup(ordersHandler(3));
    session.throttle.holdUntil(session.clock() + 120_000, "RATE_LIMITED");
    const error = await cellError(layerTable("prj_acme_tower", "tbl_orders", "customer"));
    expect(error.message).toMatch(/try again after/);
    expect(api.calls).toHaveLength(0);
  });
});

describe("=LAYER.TOKEN", () => {
  it("shows the token's name and days to expiry", async () => {
    await setup((path) =>
      path.startsWith("/v1/whoami") ? { body: whoami({ expiresAt: "2026-12-03T12:00:00Z" }) } : undefined,
    );
    expect(await layerToken()).toBe("Excel - Budget: expires in 10 days");
  });

  it("is #N/A with what to do when no token is connected", async () => {
    const { session } = await setup(() => undefined);
    await session.disconnect();
    const error = await cellError(layerToken());
    expect(error.code).toBe("#N/A");
    expect(error.message).toMatch(/connect one/);
  });
});
