import type { Column } from "@layer/contracts";
import { checkFilter, compareRows, evaluateFilter, FilterError, parseFilter, parseSort } from "@layer/contracts/filter";

/**
 * A scripted Layer API for unit tests: a fetch that answers from a queue or a handler, counts
 * requests by path, and speaks the contract's envelope and headers. The browser tests use the
 * real token API instead (apps/token-api's harness).
 */
export const TOKEN = `lp_live_0123456789ABCDEF_${"a".repeat(43)}`;
export const OTHER_TOKEN = `lp_live_FEDCBA9876543210_${"b".repeat(43)}`;

export interface FakeResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (
  path: string,
  init: { method: string; headers: Record<string, string> },
) => FakeResponse | undefined;

export function fakeApi(handler: Handler) {
  const calls: { path: string; method: string; apiKey: string | undefined }[] = [];
  const fetch = async (url: string, init: { method: string; headers: Record<string, string> }) => {
    const path = url.replace(/^https?:\/\/[^/]+/, "");
    calls.push({ path, method: init.method, apiKey: init.headers["X-Api-Key"] ?? init.headers["x-api-key"] });
    const answer = handler(path, init) ?? { status: 404, body: envelope("NOT_FOUND", "no such thing") };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { "content-type": "application/json", ...(answer.headers ?? {}) },
    });
  };
  return { fetch, calls, count: (prefix: string) => calls.filter((c) => c.path.startsWith(prefix)).length };
}

export function envelope(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, requestId: "req_test", details } };
}

export function whoami(
  overrides: { name?: string; keyId?: string; userId?: string; userName?: string; expiresAt?: string | null } = {},
) {
  return {
    user: { id: overrides.userId ?? "usr_ada", email: "ada@example.com", name: overrides.userName ?? "Ada Lovelace" },
    organizations: [{ id: "org_acme", name: "Acme Analytics", role: "owner" }],
    token: {
      name: overrides.name ?? "Excel - Budget",
      keyId: overrides.keyId ?? "0123456789ABCDEF",
      env: "live",
      legacy: false,
      scopes: [],
      tier: "standard",
      createdAt: "2026-11-01T00:00:00.000Z",
      expiresAt: overrides.expiresAt === undefined ? "2027-02-01T00:00:00.000Z" : overrides.expiresAt,
      lastUsedAt: null,
    },
    rotation: [],
  };
}

export const ORDER_COLUMNS: Column[] = [
  { name: "order_id", type: "number", nullable: false },
  { name: "customer", type: "string", nullable: false },
  { name: "order_date", type: "date", nullable: false },
  { name: "note", type: "string", nullable: true },
];

export function orderRow(i: number) {
  return {
    order_id: i,
    customer: `Customer ${i % 7}`,
    order_date: "2026-01-15",
    note: i % 3 === 0 ? null : `=HYPERLINK("x")`,
  };
}

/**
 * Rows pages of `total` generated orders, honouring limit, cursor and fields, and filter, sort
 * and count as the API defines them (the contract's evaluator), refusing a bad one as it does.
 */
export function ordersHandler(total: number): Handler {
  return (path) => {
    if (path === "/v1/projects/prj_acme_tower/tables/tbl_orders") {
      return {
        body: {
          id: "tbl_orders",
          projectId: "prj_acme_tower",
          name: "Orders",
          rowCount: total,
          primaryKey: "order_id",
          columns: ORDER_COLUMNS,
        },
      };
    }
    const m = /^\/v1\/projects\/prj_acme_tower\/tables\/tbl_orders\/rows\?(.*)$/.exec(path);
    if (!m) return undefined;
    const q = new URLSearchParams(m[1]);
    const limit = Number(q.get("limit") ?? 1000);
    const from = Number(q.get("cursor") ?? 0);
    const fields = q.get("fields")?.split(",");
    const columns = fields ? ORDER_COLUMNS.filter((c) => fields.includes(c.name)) : ORDER_COLUMNS;
    const filter = q.get("filter");
    const sort = q.get("sort");
    if (!filter && !sort) {
      const rows = [];
      for (let i = from; i < Math.min(total, from + limit); i++) {
        const row = orderRow(i + 1) as Record<string, unknown>;
        rows.push(Object.fromEntries(columns.map((c) => [c.name, row[c.name]])));
      }
      const next = from + limit < total ? String(from + limit) : null;
      return { body: { columns, rows, nextCursor: next, totalRows: total } };
    }
    let kept: ReturnType<typeof orderRow>[];
    try {
      const typed = filter ? checkFilter(parseFilter(filter), ORDER_COLUMNS) : null;
      const keys = sort ? parseSort(sort, ORDER_COLUMNS) : [];
      kept = Array.from({ length: total }, (_, i) => orderRow(i + 1)).filter((r) => !typed || evaluateFilter(typed, r));
      kept.sort((a, b) => compareRows(keys, a, b) || a.order_id - b.order_id);
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      const path = filter ? "query.filter" : "query.sort";
      return {
        status: 400,
        body: envelope("VALIDATION_FAILED", "the filter is not valid", {
          issues: [{ path, message: error.message }],
          position: error.at,
        }),
      };
    }
    const rows = kept
      .slice(from, from + limit)
      .map((row) => Object.fromEntries(columns.map((c) => [c.name, (row as Record<string, unknown>)[c.name]])));
    const next = from + limit < kept.length ? String(from + limit) : null;
    return {
      body: {
        columns,
        rows,
        nextCursor: next,
        totalRows: total,
        ...(q.get("count") === "true" ? { count: kept.length } : {}),
      },
    };
  };
}

/** A clock the tests move by hand, and a sleep that moves it instead of waiting. */
export function manualTime(start = Date.parse("2026-11-23T12:00:00Z")) {
  let now = start;
  const slept: number[] = [];
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}
