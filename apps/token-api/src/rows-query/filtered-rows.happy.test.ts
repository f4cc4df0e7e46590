import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkFilter,
  compareRows,
  evaluateFilter,
  parseFilter,
  parseSort,
  type Row,
  RowsPage,
  type TableSchema,
} from "@layer/contracts";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

const ORDERS = "/v1/projects/prj_acme_tower/tables/tbl_orders";

describe.each(ENGINES)("filtered, sorted and counted reads on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  let schema: TableSchema;
  let all: Row[];
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 2_500, rateLimits: { standard: { "long-running": 100_000 } } });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Folding" }));
    schema = (await get(ORDERS)).body;
    all = RowsPage.parse((await get(`${ORDERS}/rows?limit=10000`)).body).rows;
  });
  afterAll(() => api?.close());
  const get = (path: string) => call(`${api.url}${path}`, { token });
  const q = encodeURIComponent;

  /** Every page of a read, followed by its cursors. */
  async function readAll(params: string, limit = 250): Promise<{ rows: Row[]; pages: number; count?: number }> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let count: number | undefined;
    do {
      const r = await get(`${ORDERS}/rows?limit=${limit}&${params}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status, r.text).toBe(200);
      const page: RowsPage = RowsPage.parse(r.body);
      rows.push(...page.rows);
      count ??= page.count;
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { rows, pages, ...(count === undefined ? {} : { count }) };
  }

  const expected = (filter: string | undefined, sort: string | undefined) => {
    const typed = filter ? checkFilter(parseFilter(filter), schema.columns) : undefined;
    const keys = sort ? parseSort(sort, schema.columns) : [];
    return all
      .filter((r) => !typed || evaluateFilter(typed, r))
      .sort((a, b) => compareRows(keys, a, b) || (a["order_id"] as number) - (b["order_id"] as number));
  };

  it.each([
    "region eq 'North' and amount ge 500",
    "startswith(tolower(customer), 'customer 00') or endswith(customer, '7')",
    "contains(note, 'wrap') and not paid",
    "year(order_date) eq 2025 and month(order_date) in (1, 2, 3)",
    "date(updated_at) eq 2024-01-02",
    "updated_at ge 2024-01-02T00:00:00Z and updated_at lt 2024-01-02T06:00:00+02:00",
    "note eq null and region ne 'East'",
    "note ne 'Gift wrap'",
    "region in ('North', 'West') and amount lt 5.0E1",
    "length(customer) eq 13 and day(order_date) le 3",
    '"amount" gt 999 or (paid eq false and hour(updated_at) eq 0 and minute(updated_at) lt 2)',
  ])("%s returns exactly the rows a local evaluation selects, in key order", async (filter) => {
    const { rows, count } = await readAll(`filter=${q(filter)}&count=true`);
    const want = expected(filter, undefined);
    expect(want.length).toBeGreaterThan(0);
    expect(rows).toEqual(want);
    expect(count).toBe(want.length);
  });

  it.each([
    ["amount desc", undefined],
    ["region, amount desc", "paid"],
    ["note desc, customer", undefined],
    ["note, order_date desc", "amount lt 200"],
    ["updated_at desc", "region eq 'South'"],
    ["paid, order_id desc", undefined],
    ["order_id desc", "amount gt 900"],
  ])("sorted by %s (filter %s) pages through every row once, in the sorted order", async (sort, filter) => {
    const { rows, pages } = await readAll(`sort=${q(sort)}${filter ? `&filter=${q(filter)}` : ""}`, 97);
    const want = expected(filter, sort);
    expect(pages).toBe(Math.ceil(want.length / 97));
    expect(rows.map((r) => r["order_id"])).toEqual(want.map((r) => r["order_id"]));
  });

  it("counts without a filter, and returns only the named fields of a filtered read", async () => {
    const r = RowsPage.parse((await get(`${ORDERS}/rows?limit=3&count=true&fields=amount,order_id`)).body);
    expect(r.count).toBe(2_500);
    const f = RowsPage.parse(
      (await get(`${ORDERS}/rows?limit=3&fields=order_id&sort=amount%20desc&filter=${q("region eq 'East'")}`)).body,
    );
    expect(Object.keys(f.rows[0]!)).toEqual(["order_id"]);
    expect(f.rows).toEqual(
      expected("region eq 'East'", "amount desc")
        .slice(0, 3)
        .map((row) => ({ order_id: row["order_id"] })),
    );
    const none = RowsPage.parse((await get(`${ORDERS}/rows?count=true&filter=${q("amount gt 1000000")}`)).body);
    expect(none).toMatchObject({ rows: [], nextCursor: null, count: 0 });
  });

  it("keeps sorted pages exact while rows are added before and after the cursor", async () => {
    const sort = "amount desc";
    const seen: Row[] = [];
    const first = RowsPage.parse((await get(`${ORDERS}/rows?limit=500&sort=${q(sort)}`)).body);
    seen.push(...first.rows);
    const before = expected(undefined, sort);
    // New rows on both sides of the position the cursor holds: above it (already served) and below.
    const cut = first.rows[first.rows.length - 1]!["amount"] as number;
    await api.db.query(
      `INSERT INTO table_rows (table_id, key_num, key_text, data)
       SELECT 'tbl_orders', 100000 + g, '', jsonb_build_object('order_id', 100000 + g, 'customer', 'New', 'region', 'North',
         'amount', CASE WHEN g % 2 = 0 THEN $1::numeric + 1 ELSE $1::numeric - 1 END, 'paid', true,
         'order_date', '2026-01-01', 'updated_at', '2026-01-01T00:00:00Z', 'note', NULL)
       FROM generate_series(1, 40) AS g`,
      [cut],
    );
    try {
      let cursor = first.nextCursor;
      while (cursor) {
        const page: RowsPage = RowsPage.parse(
          (await get(`${ORDERS}/rows?limit=500&sort=${q(sort)}&cursor=${cursor}`)).body,
        );
        seen.push(...page.rows);
        cursor = page.nextCursor;
      }
      const ids = seen.map((r) => r["order_id"] as number);
      // Every row that was there before is served exactly once and in order; of the new rows,
      // exactly those below the cursor's position appear.
      expect(ids.filter((id) => id <= 2_500)).toEqual(before.map((r) => r["order_id"]));
      expect(ids.filter((id) => id > 100_000).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => 100_001 + 2 * i),
      );
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await api.db.query("DELETE FROM table_rows WHERE table_id = 'tbl_orders' AND key_num > 100000");
    }
  });

  it("is one long-running request for the rate limiter, whatever it scans or counts", async () => {
    const a = await get(`${ORDERS}/rows?limit=1`);
    const b = await get(
      `${ORDERS}/rows?limit=1&count=true&sort=customer%20desc&filter=${q("contains(customer, '9')")}`,
    );
    expect(b.status).toBe(200);
    expect(b.headers.get("x-ratelimit-endpoint-class")).toBe("long-running");
    expect(Number(a.headers.get("x-ratelimit-remaining")) - Number(b.headers.get("x-ratelimit-remaining"))).toBe(1);
  });
});
