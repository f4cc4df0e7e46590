// Query folding against the live token API: `$filter`, `$orderby`, `$count`, `$top`/`$skip` and
// `$select` read through an OData client written by others (@odata/client) return exactly the rows
// a local computation selects, and each is one upstream query, not a scan of the table.
import { type Row, selectRows, type TableSchema } from "@layer/contracts";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { OData } from "@odata/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy, type RunningProxy } from "./server-control.js";

const ROWS = 3_000;
const SET = "Acme_Tower_Orders";
let api: TokenApi;
let proxy: RunningProxy;
let token: string;
let keyId: string;
let all: Row[];
let schema: TableSchema;

beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: ROWS,
    rateLimits: { standard: { "long-running": 100_000, "read-light": 100_000 } },
  });
  ({ token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - folding" }));
  proxy = await startProxy({ port: 0, upstreamUrl: api.url, pageSize: 1_000, upstreamPageSize: 700, maxSortRows: 500 });
  const headers = { "X-Api-Key": token };
  schema = (await (
    await fetch(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_orders`, { headers })
  ).json()) as TableSchema;
  all = (
    (await (
      await fetch(`${api.url}/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=10000`, { headers })
    ).json()) as { rows: Row[] }
  ).rows;
});
afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

const client = () =>
  OData.New4({ serviceEndpoint: `${proxy.serviceUrl}/`, credential: { username: "powerbi", password: token } });

/** Every page of a read through the OData client, following nextLinks. */
async function readAll(options: Record<string, string>): Promise<{ rows: Row[]; count?: number }> {
  const odata = client();
  const rows: Row[] = [];
  let count: number | undefined;
  let skipToken: string | null = null;
  do {
    const params = odata.newParam();
    for (const [name, value] of Object.entries(options)) params.custom(name, value);
    if (skipToken !== null) params.custom("$skiptoken", skipToken);
    const page = (await odata.newRequest({ collection: SET, params })) as {
      value?: Row[];
      error?: unknown;
      "@odata.count"?: number;
      "@odata.nextLink"?: string;
    };
    if (!page.value) throw new Error(JSON.stringify(page));
    rows.push(...page.value);
    count ??= page["@odata.count"];
    const next = page["@odata.nextLink"];
    skipToken = next === undefined ? null : new URL(next).searchParams.get("$skiptoken");
  } while (skipToken !== null);
  return { rows, ...(count === undefined ? {} : { count }) };
}

const local = (filter: string | undefined, orderBy?: string) => selectRows(all, schema, { filter, sort: orderBy });
const rowsRequests = () => api.requestCount(keyId);

describe("query folding through the Power BI proxy", () => {
  it.each([
    "region eq 'North' and amount ge 5.0E2",
    "tolower(customer) eq 'customer 0042' or toupper(region) eq 'EAST' and paid",
    "year(order_date) eq 2025 and month(order_date) in (1, 2) and day(order_date) le 10",
    "date(updated_at) eq 2024-01-02 and hour(updated_at) ge 12",
    "length(customer) eq 13 and contains(note, 'wrap')",
    "startswith(customer, 'Customer 00') and not endswith(customer, '1') and note eq null",
    "region in ('West', 'Central') and amount lt 10",
    "order_id gt 2990 or note ne null and amount gt 999",
  ])("$filter=%s returns exactly the rows a local evaluation selects, with no 501", async (filter) => {
    const { rows, count } = await readAll({ $filter: filter, $count: "true" });
    const want = local(filter);
    expect(want.length).toBeGreaterThan(0);
    expect(rows).toEqual(want);
    expect(count).toBe(want.length);
  });

  it.each([
    ["amount desc", "region eq 'South'"],
    ["region,customer desc", undefined],
    ["note desc,order_date", "amount lt 300"],
    ["order_id desc", undefined],
  ])("$orderby=%s (filter %s) sorts in the API, even above the proxy's sort limit", async (orderBy, filter) => {
    const { rows } = await readAll({ $orderby: orderBy, ...(filter ? { $filter: filter } : {}) });
    const want = local(filter, orderBy);
    expect(want.length).toBeGreaterThan(500);
    expect(rows.map((r) => r["order_id"])).toEqual(want.map((r) => r["order_id"]));
  });

  it("a filtered $count costs the API no more requests than an unfiltered one: one rows request", async () => {
    const count = async (filter?: string) => {
      const before = rowsRequests();
      const query = filter ? `?$filter=${encodeURIComponent(filter)}` : "";
      const response = await fetch(`${proxy.serviceUrl}/${SET}/$count${query}`, {
        headers: { Authorization: `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}` },
      });
      return { text: await response.text(), requests: rowsRequests() - before };
    };
    const plain = await count();
    const filtered = await count("amount lt 10 or contains(tolower(customer), '42')");
    expect(plain.text).toBe(String(ROWS));
    expect(filtered.text).toBe(String(local("amount lt 10 or contains(tolower(customer), '42')").length));
    // Schema look-ups plus one rows request each; reading the table would take ROWS / 700 more.
    expect(filtered.requests).toBe(plain.requests);
  });

  it("$top, $skip and $select ride on the folded filter and sort", async () => {
    const { rows } = await readAll({
      $filter: "region eq 'North'",
      $orderby: "amount desc",
      $skip: "5",
      $top: "20",
      $select: "order_id,amount",
    });
    expect(rows).toEqual(
      local("region eq 'North'", "amount desc")
        .slice(5, 25)
        .map((r) => ({ order_id: r["order_id"], amount: r["amount"] })),
    );
  });

  it("what the API cannot express is still a 501, a wrong property a 400", async () => {
    const auth = { Authorization: `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}` };
    const get = (filter: string) =>
      fetch(`${proxy.serviceUrl}/${SET}?$filter=${encodeURIComponent(filter)}`, { headers: auth });
    expect((await get("amount add 1 gt 5")).status).toBe(501);
    expect((await get("substringof('a', customer)")).status).toBe(501);
    expect((await get("nope eq 1")).status).toBe(400);
    expect((await get("amount eq 'x'")).status).toBe(400);
  });

  it("$metadata declares what folds (Org.OData.Capabilities.V1)", async () => {
    const response = await fetch(`${proxy.serviceUrl}/$metadata`, {
      headers: { Authorization: `Basic ${Buffer.from(`powerbi:${token}`).toString("base64")}` },
    });
    const xml = await response.text();
    for (const term of ["FilterRestrictions", "SortRestrictions", "CountRestrictions", "FilterFunctions"])
      expect(xml).toContain(`Term="Org.OData.Capabilities.V1.${term}"`);
    expect(xml).toContain("<String>tolower</String>");
  });
});
