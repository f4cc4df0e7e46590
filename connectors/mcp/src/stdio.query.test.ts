// query_rows's filter, sort and count through the SDK's Client over stdio, against a live token
// API: the rows an agent gets are exactly the rows the filter language's own evaluation selects,
// in the order asked, across cursor pages; a bad filter comes back as a tool error the agent can act on.
import { type Row, selectRows, type TableSchema } from "@layer/contracts";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection, textOf } from "./test-support/stdio-client.js";
import { decodeRowsCursor, encodeRowsCursor } from "./tools/rows-cursor.js";

const ORDERS_ROWS = 300;
const TABLE = { projectId: "prj_acme_tower", tableId: "tbl_orders" };
let api: TokenApi;
let mcp: StdioConnection;
let schema: Pick<TableSchema, "columns" | "primaryKey">;
let all: Row[];
let keyId: string;

interface Page {
  rows: Row[];
  nextCursor: string | null;
  count?: number;
  filter: string | null;
  sort: string | null;
}

async function page(args: Record<string, unknown>): Promise<Page> {
  const result = await mcp.call("query_rows", { ...TABLE, ...args });
  if (result.isError) throw new Error(textOf(result));
  return result.structuredContent as unknown as Page;
}

/** Every page, continued with the cursor alone, as an agent would. */
async function readAll(args: Record<string, unknown>): Promise<{ rows: Row[]; pages: Page[] }> {
  const pages = [await page(args)];
  while (pages.at(-1)?.nextCursor) pages.push(await page({ limit: args["limit"], cursor: pages.at(-1)?.nextCursor }));
  return { rows: pages.flatMap((p) => p.rows), pages };
}

/** What the filter language itself selects, in the API's order. */
const expected = (filter: string | undefined, sort?: string): Row[] => selectRows(all, schema, { filter, sort });

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ORDERS_ROWS });
  const created = await api.operator.createToken({
    email: "ada@example.com",
    name: "Claude Desktop MCP server",
    expires: "90d",
  });
  keyId = created.keyId;
  mcp = await connectStdio({ LAYER_API_URL: api.url, LAYER_API_TOKEN: created.token });
  schema = (await mcp.call("describe_table", TABLE)).structuredContent as unknown as Pick<
    TableSchema,
    "columns" | "primaryKey"
  >;
  all = (await readAll({ limit: 100 })).rows;
});

afterAll(async () => {
  await mcp?.close();
  await api?.close();
});

describe("query_rows with a filter, a sort and a count", () => {
  it("has read the whole table unfiltered, the ground truth of the filters below", () => {
    expect(all).toHaveLength(ORDERS_ROWS);
  });

  it.each([
    "region eq 'North' and amount ge 500",
    "contains(tolower(customer), 'customer 00') or note ne null",
    "month(order_date) in (1, 2) and day(order_date) le 20 and not paid",
    "note eq null and (region eq 'East' or region eq 'West') and amount lt 300",
    "startswith(customer, 'Customer 1') and paid",
  ])(
    "the filter %s returns exactly the rows the filter language selects, across pages, with their count",
    async (filter) => {
      const want = expected(filter);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(ORDERS_ROWS);
      const { rows, pages } = await readAll({ filter, limit: 40, count: true });
      expect(rows).toEqual(want);
      expect(pages[0]?.count).toBe(want.length);
      expect(pages.every((p) => p.filter === filter && p.sort === null)).toBe(true);
    },
  );

  it("a filter no row matches is an empty last page, not an error", async () => {
    const none = await mcp.call("query_rows", { ...TABLE, filter: "amount lt 0", count: true });
    expect(none.isError).toBeFalsy();
    expect(none.structuredContent).toMatchObject({ rows: [], returnedRows: 0, count: 0, nextCursor: null });
    expect(textOf(none)).toMatch(
      /^0 rows of tbl_orders matching amount lt 0 \(0 match; 300 in the table\); this is the last page\./,
    );
  });

  it("honours the sort across cursor pages continued with the cursor alone", async () => {
    const filter = "paid";
    const sort = "region desc, amount";
    const { rows, pages } = await readAll({ filter, sort, limit: 17 });
    expect(pages.length).toBeGreaterThan(3);
    expect(rows).toEqual(expected(filter, sort));
    expect(pages.every((p) => p.sort === sort && p.filter === filter)).toBe(true);
  });

  it("a sort alone orders the whole table, nulls last descending", async () => {
    const { rows } = await readAll({ sort: "note desc, order_date", limit: 100 });
    expect(rows).toEqual(expected(undefined, "note desc, order_date"));
    expect(rows.at(-1)?.["note"]).toBeNull();
  });

  it("continues with the cursor and the same filter and sort sent again", async () => {
    const args = { filter: "region eq 'South'", sort: "amount desc", limit: 10 };
    const first = await page(args);
    const second = await page({ ...args, cursor: first.nextCursor });
    expect([...first.rows, ...second.rows]).toEqual(expected(args.filter, args.sort).slice(0, 20));
  });

  it("count without a filter counts the whole table, and pages continue whether or not count is asked again", async () => {
    const first = await page({ count: true, limit: 100 });
    expect(first.count).toBe(ORDERS_ROWS);
    const second = await page({ limit: 100, cursor: first.nextCursor });
    const third = await page({ limit: 100, count: true, cursor: second.nextCursor });
    expect(third.count).toBe(ORDERS_ROWS);
    expect([...first.rows, ...second.rows, ...third.rows]).toEqual(all);
    const sorted = await page({ sort: "amount", count: true, limit: 150 });
    const rest = await page({ limit: 150, cursor: sorted.nextCursor });
    expect(sorted.count).toBe(ORDERS_ROWS);
    expect([...sorted.rows, ...rest.rows]).toEqual(expected(undefined, "amount"));
  });

  it("a bad filter is a tool error naming the character and the problem, with a pointer under it", async () => {
    const result = await mcp.call("query_rows", { ...TABLE, filter: "region eq 'North' and amount eq 'x'" });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^The filter is not valid at character 30: cannot compare number with string\./);
    expect(text).toContain("  region eq 'North' and amount eq 'x'\n                               ^\n");
    expect(text).toMatch(/describe_table lists the columns and their types/);
  });

  it("a filter that does not parse and a sort by an unknown column say where", async () => {
    const syntax = await mcp.call("query_rows", { ...TABLE, filter: "region eq North'" });
    expect(syntax.isError).toBe(true);
    expect(textOf(syntax)).toMatch(/^The filter is not valid at character \d+: /);
    const sort = await mcp.call("query_rows", { ...TABLE, sort: "amount desc, regoin" });
    expect(sort.isError).toBe(true);
    expect(textOf(sort)).toMatch(/^The sort is not valid at character 14: unknown column "regoin"\./);
    expect(textOf(sort)).toContain("  amount desc, regoin\n               ^\n");
  });

  it("refuses a cursor sent with another filter or sort, before asking the API", async () => {
    const first = await page({ sort: "amount desc", limit: 5 });
    const before = api.requestCount(keyId);
    const other = await mcp.call("query_rows", { ...TABLE, sort: "customer", cursor: first.nextCursor });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toMatch(
      /the cursor continues the rows read with the sort "amount desc", and this call asks for the sort "customer".*without a cursor to start from the first row/s,
    );
    const filtered = await mcp.call("query_rows", { ...TABLE, filter: "paid", cursor: first.nextCursor });
    expect(textOf(filtered)).toMatch(/read with no filter, and this call asks for the filter "paid"/);
    expect(api.requestCount(keyId)).toBe(before);
  });

  it("words the API's refusal of a cursor made for another sort and of a cursor that is not one", async () => {
    const first = await page({ sort: "amount desc", limit: 5 });
    const made = decodeRowsCursor(first.nextCursor ?? "");
    expect(made).not.toBeNull();
    const forged = encodeRowsCursor({ apiCursor: made?.apiCursor ?? "", filter: null, sort: "customer" });
    const result = await mcp.call("query_rows", { ...TABLE, cursor: forged });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^The Layer API refused the cursor: it was made for another sort\./);
    const junk = await mcp.call("query_rows", { ...TABLE, cursor: "not-a-cursor" });
    expect(junk.isError).toBe(true);
    expect(textOf(junk)).toMatch(/^The cursor is not one query_rows gave/);
  });
});
