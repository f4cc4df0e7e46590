import { describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import { createSyncClient } from "./sync-client.js";
import { FakeUrlFetchApp, type FakeReply } from "./test-support/fake-url-fetch-app.js";
import { makeToken } from "./test-support/tokens.js";

const BASE = "https://layer.test";
const { token } = makeToken(18);
const ROWS = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";
const FILTER = "region eq 'North' and startswith(tolower(customer), 'acme & co')";
const page = (n: number, nextCursor: string | null, count?: number) => ({
  columns: [],
  rows: [{ order_id: n }],
  nextCursor,
  totalRows: 3,
  ...(count === undefined ? {} : { count }),
});
/** Filter and sort go with every page (a cursor belongs to its sort); the count only with the first. */
const EXPECTED = [
  `${ROWS}?limit=1&filter=region%20eq%20'North'%20and%20startswith(tolower(customer)%2C%20'acme%20%26%20co')&sort=amount%20desc%2C%20order_id&count=true`,
  `${ROWS}?limit=1&cursor=c1&filter=region%20eq%20'North'%20and%20startswith(tolower(customer)%2C%20'acme%20%26%20co')&sort=amount%20desc%2C%20order_id`,
  `${ROWS}?limit=1&cursor=c2&filter=region%20eq%20'North'%20and%20startswith(tolower(customer)%2C%20'acme%20%26%20co')&sort=amount%20desc%2C%20order_id`,
];
const query = {
  projectId: "prj_acme_tower",
  tableId: "tbl_orders",
  limit: 1,
  filter: FILTER,
  sort: "amount desc, order_id",
  count: true,
};

describe("filter, sort and count in the rows request", () => {
  it("the async client's pages() carry them, and one rowsPage call too", async () => {
    const urls: string[] = [];
    const replies = [page(1, "c1", 3), page(2, "c2"), page(3, null), page(9, null, 1)];
    const c = createClient({
      baseUrl: BASE,
      token,
      fetch: async (url) => {
        urls.push(url.slice(BASE.length));
        return new Response(JSON.stringify(replies.shift()), { status: 200 });
      },
    });
    const run = c.pages(query);
    const seen: unknown[] = [];
    let count: number | undefined;
    for await (const p of run) {
      seen.push(...p.rows.map((r) => r["order_id"]));
      count ??= p.count;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(count).toBe(3);
    expect(urls).toEqual(EXPECTED);
    const one = await c.rowsPage("prj_acme_tower", "tbl_orders", { filter: "paid", count: true, sort: "" });
    expect(one.count).toBe(1);
    expect(urls[3]).toBe(`${ROWS}?filter=paid&count=true`);
  });

  it("the sync client (Apps Script) sends the very same requests", () => {
    const reply = (body: unknown): FakeReply => ({ status: 200, body });
    const transport = new FakeUrlFetchApp([reply(page(1, "c1", 3)), reply(page(2, "c2")), reply(page(3, null))]);
    const client = createSyncClient({ baseUrl: BASE, token, transport, sleep: () => {} });
    const seen: unknown[] = [];
    for (const p of client.pages(query)) seen.push(...p.rows.map((r) => r["order_id"]));
    expect(seen).toEqual([1, 2, 3]);
    expect(transport.calls.map((c) => c.url.slice(BASE.length))).toEqual(EXPECTED);
  });
});
