// The proxy against a live token API (the harness, in-memory PGlite): read as Power BI's OData feed
// reads it, compared with the API's own paging, then each query option and each error path.
import type { Row } from "@layer/contracts";
import { createClient } from "@layer/token-client";
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog, type EntitySetRef } from "../odata/model.js";
import { basicAuth, checkType, getJson, readAll, readMetadata } from "../test-support/feed-reader.js";
import type { LogLine } from "./options.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const ORDERS_ROWS = 2_345;

let api: TokenApi;
let proxy: RunningProxy;
let ada: { token: string; keyId: string };
const logs: LogLine[] = [];
const secrets: string[] = [];
let sets: EntitySetRef[];
let orders: Row[];

async function directRows(token: string, projectId: string, tableId: string): Promise<Row[]> {
  const client = createClient({ baseUrl: api.url, token });
  const rows: Row[] = [];
  for await (const page of client.pages({ projectId, tableId, limit: 1_000 })) rows.push(...page.rows);
  return rows;
}

async function newToken(name: string, email = "ada@example.com") {
  const created = await api.operator.createToken({ email, name, expires: "90d" });
  secrets.push(created.token);
  return created;
}

function setName(tableId: string): string {
  const ref = sets.find((candidate) => candidate.tableId === tableId);
  if (!ref) throw new Error(`no entity set for ${tableId}`);
  return ref.name;
}

const ordersUrl = (query = "") => `${proxy.serviceUrl}/${setName("tbl_orders")}${query ? `?${query}` : ""}`;

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ORDERS_ROWS });
  ada = await newToken("Power BI - Sales");
  // Small pages, misaligned with the upstream's, so every test crosses page boundaries.
  proxy = await startProxy({
    port: 0,
    upstreamUrl: api.url,
    pageSize: 1_000,
    upstreamPageSize: 700,
    maxSortRows: 5_000,
    log: (line) => logs.push(line),
  });
  const client = createClient({ baseUrl: api.url, token: ada.token });
  const { projects } = await client.listProjects();
  const tables = [];
  for (const project of projects) tables.push(...(await client.listTables(project.id)).tables);
  sets = catalog(projects, tables);
  orders = await directRows(ada.token, "prj_acme_tower", "tbl_orders");
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

describe("read as Power BI's OData feed reads it", () => {
  it("serves a service document and $metadata that list the same entity sets", async () => {
    const service = await getJson(`${proxy.serviceUrl}/`, basicAuth(ada.token));
    expect(service.status).toBe(200);
    expect(service.headers.get("odata-version")).toBe("4.0");
    const listed = (service.body["value"] as { name: string; url: string; kind: string }[]).map((s) => s.name);
    const metadata = await readMetadata(proxy.serviceUrl, basicAuth(ada.token));
    expect(metadata.map((s) => s.name).sort()).toEqual([...listed].sort());
    // Every table, plus the token's status beside them (token-status.live.test.ts).
    expect(listed.sort()).toEqual([...sets.map((s) => s.name), "LayerTokenStatus"].sort());
    expect(listed.length).toBe(4);
  });

  it("follows every nextLink of every entity set to the API's rows, typed as $metadata declares", async () => {
    const metadata = await readMetadata(proxy.serviceUrl, basicAuth(ada.token));
    for (const set of metadata.filter((s) => s.name !== "LayerTokenStatus")) {
      const ref = sets.find((s) => s.name === set.name)!;
      const expected = await directRows(ada.token, ref.projectId, ref.tableId);
      const { rows, pages } = await readAll(`${proxy.serviceUrl}/${set.name}`, basicAuth(ada.token));
      expect(rows.length).toBe(expected.length);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 1_000)));
      expect(rows).toEqual(expected);
      for (const row of rows)
        for (const property of set.properties) checkType(property.type, property.nullable, row[property.name]);
    }
  });

  it("ignores the Basic user name and accepts X-Api-Key as well", async () => {
    const a = await getJson(ordersUrl("$top=3"), basicAuth(ada.token, "anyone at all"));
    const b = await getJson(ordersUrl("$top=3"), { "X-Api-Key": ada.token });
    expect(a.status).toBe(200);
    expect(b.body["value"]).toEqual(a.body["value"]);
    expect(a.body["value"]).toEqual(orders.slice(0, 3));
  });

  it("answers only what this token's owner can see", async () => {
    const chen = await newToken("Power BI - Grid", "chen@example.com");
    const metadata = await readMetadata(proxy.serviceUrl, basicAuth(chen.token));
    expect(metadata.map((s) => s.name)).toEqual(["Borealis_Grid_Meters", "LayerTokenStatus"]);
    const hidden = await getJson(ordersUrl(), basicAuth(chen.token));
    expect(hidden.status).toBe(404);
    // The contract's code, the same one an upstream 404 maps to (upstream-errors.ts).
    expect((hidden.body["error"] as { code: string }).code).toBe("NOT_FOUND");
  });
});

describe("query options", () => {
  const auth = () => basicAuth(ada.token);

  it("$select returns only the chosen properties and says so in the context", async () => {
    const page = await getJson(ordersUrl("$select=customer,amount&$top=5"), auth());
    expect(page.body["@odata.context"]).toMatch(/\$metadata#Acme_Tower_\w+\(customer,amount\)$/);
    expect(page.body["value"]).toEqual(
      orders.slice(0, 5).map((r) => ({ customer: r["customer"], amount: r["amount"] })),
    );
  });

  it("$top and $skip page correctly across nextLinks", async () => {
    const { rows } = await readAll(ordersUrl("$skip=950&$top=1200"), auth());
    expect(rows).toEqual(orders.slice(950, 2_150));
    const none = await getJson(ordersUrl("$top=0"), auth());
    expect(none.body["value"]).toEqual([]);
    expect(none.body["@odata.nextLink"]).toBeUndefined();
  });

  it("$count=true and /$count give the number of matching rows", async () => {
    const { count, rows } = await readAll(ordersUrl("$count=true&$top=10"), auth());
    expect(count).toBe(ORDERS_ROWS);
    expect(rows.length).toBe(10);
    const res = await fetch(`${ordersUrl()}/$count`, { headers: auth() });
    expect(await res.text()).toBe(String(ORDERS_ROWS));
    const paid = orders.filter((r) => r["paid"] === true).length;
    const filtered = await fetch(`${ordersUrl()}/$count?$filter=${encodeURIComponent("paid eq true")}`, {
      headers: auth(),
    });
    expect(await filtered.text()).toBe(String(paid));
    const counted = await readAll(ordersUrl(`$count=true&$filter=${encodeURIComponent("paid eq true")}`), auth());
    expect(counted.count).toBe(paid);
    expect(counted.rows.length).toBe(paid);
  });

  it("$filter with comparisons, and/or/not, startswith and contains equals filtering the API's rows", async () => {
    const sample = orders[17]!;
    const customer = String(sample["customer"]);
    const prefix = customer.slice(0, 3);
    const region = String(sample["region"]);
    const cases: [string, (r: Row) => boolean][] = [
      [`amount gt 500 and paid eq true`, (r) => (r["amount"] as number) > 500 && r["paid"] === true],
      [
        `order_date ge ${String(sample["order_date"])} or not (region eq '${region}')`,
        (r) => String(r["order_date"]) >= String(sample["order_date"]) || r["region"] !== region,
      ],
      [`startswith(customer,'${prefix}')`, (r) => String(r["customer"]).startsWith(prefix)],
      [
        `contains(customer,'${customer.slice(1, 4)}') and note ne null`,
        (r) => String(r["customer"]).includes(customer.slice(1, 4)) && r["note"] !== null,
      ],
      [
        `updated_at lt ${String(sample["updated_at"])}`,
        (r) => Date.parse(String(r["updated_at"])) < Date.parse(String(sample["updated_at"])),
      ],
      [`note eq null`, (r) => r["note"] === null],
    ];
    for (const [filter, predicate] of cases) {
      const { rows } = await readAll(ordersUrl(`$filter=${encodeURIComponent(filter)}`), auth());
      const expected = orders.filter(predicate);
      expect(rows.length, filter).toBe(expected.length);
      expect(rows, filter).toEqual(expected);
    }
  });

  it("$orderby on the key streams; on another property it sorts (bounded tables only)", async () => {
    const byKey = await readAll(ordersUrl("$orderby=order_id asc&$top=1500"), auth());
    expect(byKey.rows).toEqual(orders.slice(0, 1_500));
    const byAmount = await readAll(ordersUrl("$orderby=amount desc&$select=order_id,amount"), auth());
    const expected = [...orders]
      .sort(
        (a, b) =>
          (b["amount"] as number) - (a["amount"] as number) || (a["order_id"] as number) - (b["order_id"] as number),
      )
      .map((r) => ({ order_id: r["order_id"], amount: r["amount"] }));
    expect(byAmount.rows).toEqual(expected);
  });

  it("Prefer: odata.maxpagesize caps each page and is acknowledged", async () => {
    const page = await getJson(ordersUrl(), { ...auth(), Prefer: "odata.maxpagesize=250" });
    expect(page.headers.get("preference-applied")).toBe("odata.maxpagesize=250");
    expect((page.body["value"] as unknown[]).length).toBe(250);
    expect(String(page.body["@odata.nextLink"])).toContain("$skiptoken=");
  });

  it("answers 501 for what it does not support, never a wrong result", async () => {
    for (const query of [
      "$expand=x",
      "$search=acme",
      `$filter=${encodeURIComponent("amount add 1 gt 5")}`,
      "$apply=aggregate(amount with sum as total)",
    ]) {
      const page = await getJson(ordersUrl(query), auth());
      expect(page.status, query).toBe(501);
      expect((page.body["error"] as { code: string }).code).toBe("NotImplemented");
    }
    const byKey = await getJson(`${ordersUrl()}(1)`, auth());
    expect(byKey.status).toBe(501);
    // A table's $orderby folds into the API's sort: the proxy's own sorting limit no longer applies.
    const small = await startProxy({ port: 0, upstreamUrl: api.url, maxSortRows: 100 });
    try {
      const sorted = await getJson(`${small.serviceUrl}/${setName("tbl_orders")}?$orderby=amount&$top=3`, auth());
      expect(sorted.status).toBe(200);
      const amounts = orders.map((row) => row["amount"] as number).sort((a, b) => a - b);
      expect((sorted.body["value"] as Row[]).map((row) => row["amount"])).toEqual(amounts.slice(0, 3));
    } finally {
      await small.close();
    }
  });

  it("refuses a $skiptoken that belongs to another query", async () => {
    const first = await getJson(ordersUrl(`$filter=${encodeURIComponent("paid eq true")}`), {
      ...auth(),
      Prefer: "odata.maxpagesize=100",
    });
    const link = new URL(String(first.body["@odata.nextLink"]));
    const token = link.searchParams.get("$skiptoken")!;
    const other = await getJson(ordersUrl(`$skiptoken=${encodeURIComponent(token)}`), auth());
    expect(other.status).toBe(400);
  });
});

describe("behind a TLS terminator", () => {
  const firstPage = async (url: string, headers: Record<string, string>) => {
    const page = await getJson(url, { ...basicAuth(ada.token), Prefer: "odata.maxpagesize=10", ...headers });
    return { context: page.body["@odata.context"] as string, next: page.body["@odata.nextLink"] as string };
  };

  it("ignores Forwarded and X-Forwarded-* unless the proxy in front is trusted", async () => {
    const page = await firstPage(ordersUrl(), {
      Forwarded: 'for=192.0.2.1;proto=https;host="attacker.example"',
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "attacker.example",
    });
    expect(page.context.startsWith(`${proxy.serviceUrl}/$metadata#`)).toBe(true);
    expect(page.next.startsWith(`${proxy.serviceUrl}/`)).toBe(true);
  });

  it("with trustForwarded, writes the forwarded scheme and host into @odata.context and nextLinks", async () => {
    const trusting = await startProxy({ port: 0, upstreamUrl: api.url, trustForwarded: true });
    try {
      const url = `${trusting.serviceUrl}/${setName("tbl_orders")}`;
      // RFC 7239: each proxy appends its element; the last is the one directly in front.
      const forwarded = await firstPage(url, {
        Forwarded: 'for=198.51.100.7;proto=http;host=spoofed.example, for=192.0.2.1;proto=https;host="bi.example.com"',
      });
      expect(forwarded.context.startsWith("https://bi.example.com/odata/$metadata#")).toBe(true);
      expect(forwarded.next.startsWith("https://bi.example.com/odata/")).toBe(true);
      const legacy = await firstPage(url, { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "bi.example.com:8443" });
      expect(legacy.next.startsWith("https://bi.example.com:8443/odata/")).toBe(true);
      // The nextLink still works when sent back to the proxy itself.
      const followed = await getJson(legacy.next.replace("https://bi.example.com:8443", trusting.url), {
        ...basicAuth(ada.token),
        Prefer: "odata.maxpagesize=10",
      });
      expect(followed.status).toBe(200);
      expect((followed.body["value"] as Row[])[0]).toEqual(orders[10]);
      const bad = await getJson(url, { ...basicAuth(ada.token), "X-Forwarded-Proto": "gopher" });
      expect(bad.status).toBe(400);
      const garbled = await getJson(url, { ...basicAuth(ada.token), Forwarded: "proto=https;;=" });
      expect(garbled.status).toBe(400);
    } finally {
      await trusting.close();
    }
  });
});

describe("errors", () => {
  it("asks for credentials when none are sent", async () => {
    const res = await getJson(`${proxy.serviceUrl}/`, {});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm="Layer"/);
  });

  it("a token revoked mid-way through paging turns the next page into 401 naming the token and how to rotate", async () => {
    const sales = await newToken("Power BI - Revoked midway");
    const first = await getJson(ordersUrl(), basicAuth(sales.token));
    expect(first.status).toBe(200);
    const next = String(first.body["@odata.nextLink"]);
    await api.operator.revokeToken(sales.keyId);
    const res = await fetch(next, { headers: basicAuth(sales.token) });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm="Layer"/);
    const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.message).toContain("Power BI - Revoked midway");
    expect(error.message).toContain(sales.keyId);
    expect(error.message).toContain("revoked");
    expect(error.message).toContain("Edit credentials");
    expect(error.message).toContain(`${api.url}/account/api?create=1`);
    expect(text).not.toContain(sales.token);
  });

  it("a wrong token is a 401 that never echoes it", async () => {
    const wrong = `${ada.token.slice(0, -4)}AAAA`;
    const res = await fetch(`${proxy.serviceUrl}/$metadata`, { headers: basicAuth(wrong) });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(wrong.slice(-43));
  });

  it("a kill switch is 503 KILL_SWITCH without Retry-After, until restored", async () => {
    const killed = await newToken("Power BI - Killed");
    await api.operator.killKey(killed.keyId);
    const before = api.requestCount(killed.keyId);
    const res = await getJson(ordersUrl("$top=1"), basicAuth(killed.token));
    expect(res.status).toBe(503);
    expect((res.body["error"] as { code: string }).code).toBe("KILL_SWITCH");
    expect(res.headers.get("retry-after")).toBeNull();
    // Not retried upstream either: one call (the project list) and the proxy gave up.
    expect(api.requestCount(killed.keyId) - before).toBe(1);
    await api.operator.restoreKey(killed.keyId);
    expect((await getJson(ordersUrl("$top=1"), basicAuth(killed.token))).status).toBe(200);
  });

  it("refuses a token in the query string unless the operator allows it", async () => {
    const refused = await getJson(`${proxy.serviceUrl}/?api_key=${encodeURIComponent(ada.token)}`, {});
    expect(refused.status).toBe(400);
    expect((refused.body["error"] as { code: string }).code).toBe("TOKEN_IN_URL");
    const allowing = await startProxy({
      port: 0,
      upstreamUrl: api.url,
      allowQueryToken: true,
      log: (line) => logs.push(line),
    });
    try {
      const page = await getJson(
        `${allowing.serviceUrl}/${setName("tbl_sites")}?api_key=${encodeURIComponent(ada.token)}`,
        {},
      );
      expect(page.status).toBe(200);
      expect((page.body["value"] as unknown[]).length).toBe(12);
    } finally {
      await allowing.close();
    }
  });

  it("is read-only", async () => {
    const res = await fetch(ordersUrl(), { method: "POST", headers: basicAuth(ada.token), body: "{}" });
    expect(res.status).toBe(405);
  });

  it("never logs a token, whatever happened above", () => {
    expect(logs.length).toBeGreaterThan(20);
    const text = JSON.stringify(logs);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-43));
    }
    expect(logs.some((line) => line["status"] === 401)).toBe(true);
    expect(logs.every((line) => !String(line["path"]).includes("api_key"))).toBe(true);
  });
});
