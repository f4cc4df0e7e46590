import type { Row, TableSchema } from "@layer/contracts";
import { parse as parseEdmx } from "@sap-ux/edmx-parser";
import { describe, expect, it } from "vitest";
import { metadataDocument, serviceDocument } from "./csdl.js";
import { ODataError } from "./errors.js";
import { compileFilter } from "./filter.js";
import { isSimpleIdentifier, toIdentifier } from "./identifiers.js";
import { catalog, entitySetModel } from "./model.js";
import { parseQueryOptions } from "./query-options.js";
import { decodeSkipToken, encodeSkipToken, queryDigest } from "./skiptoken.js";

const orders: TableSchema = {
  id: "tbl_orders",
  projectId: "prj_acme_tower",
  name: "orders",
  rowCount: 3,
  primaryKey: "order_id",
  columns: [
    { name: "order_id", type: "number", nullable: false },
    { name: "customer", type: "string", nullable: false },
    { name: "amount", type: "number", nullable: false },
    { name: "paid", type: "boolean", nullable: false },
    { name: "order_date", type: "date", nullable: false },
    { name: "updated_at", type: "datetime", nullable: false },
    { name: "note", type: "string", nullable: true },
  ],
};
const project = {
  id: "prj_acme_tower",
  organizationId: "org_acme",
  name: "Acme Tower",
  customerExternalId: null,
  role: "admin" as const,
  createdAt: "2026-01-01T00:00:00Z",
};
const [ordersRef] = catalog([project], [orders]);
const model = entitySetModel(ordersRef!, orders);

const rows: Row[] = [
  {
    order_id: 1,
    customer: "Acme",
    amount: 10.5,
    paid: true,
    order_date: "2026-01-01",
    updated_at: "2026-01-01T10:00:00.000Z",
    note: null,
  },
  {
    order_id: 2,
    customer: "Borealis",
    amount: 99,
    paid: false,
    order_date: "2026-02-01",
    updated_at: "2026-02-01T10:00:00.000Z",
    note: "it's late",
  },
  {
    order_id: 3,
    customer: "acme north",
    amount: -3,
    paid: true,
    order_date: "2026-03-01",
    updated_at: "2026-03-01T10:00:00.000Z",
    note: "ok",
  },
];

function ids(filter: string): number[] {
  const compiled = compileFilter(filter, model.properties);
  return rows.filter((row) => compiled.matches(row)).map((row) => row.order_id as number);
}

function thrown(fn: () => unknown): ODataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("identifiers", () => {
  it("turns free text into unique OData simple identifiers", () => {
    expect(toIdentifier("Acme Tower orders")).toBe("Acme_Tower_orders");
    expect(toIdentifier("2024 sales (EUR)")).toBe("_2024_sales_EUR");
    expect(toIdentifier("???")).toBe("_");
    for (const name of ["Acme Tower orders", "2024 sales", "é-ü", "a".repeat(300), ""])
      expect(isSimpleIdentifier(toIdentifier(name))).toBe(true);
    const clash = catalog([project], [orders, { ...orders, id: "tbl_orders_2", name: "Orders" }]);
    expect(clash.map((ref) => ref.name)).toEqual(["Acme_Tower_orders", "Acme_Tower_Orders_2"]);
  });
});

describe("$metadata", () => {
  it("is CSDL a real parser reads, with faithful types, nullability and the key", () => {
    const xml = metadataDocument([model]);
    const schema = parseEdmx(xml);
    const type = schema.schema.entityTypes[0]!;
    expect(type.name).toBe("Acme_Tower_orders");
    expect(type.keys.map((k) => k.name)).toEqual(["order_id"]);
    const types = Object.fromEntries(type.entityProperties.map((p) => [p.name, [p.type, p.nullable]]));
    expect(types).toEqual({
      order_id: ["Edm.Decimal", false],
      customer: ["Edm.String", false],
      amount: ["Edm.Double", false],
      paid: ["Edm.Boolean", false],
      order_date: ["Edm.Date", false],
      updated_at: ["Edm.DateTimeOffset", false],
      note: ["Edm.String", true],
    });
    expect(schema.schema.entitySets.map((s) => [s.name, s.entityTypeName])).toEqual([
      ["Acme_Tower_orders", "Layer.Acme_Tower_orders"],
    ]);
    expect(xml).toContain('Type="Edm.Decimal" Scale="variable"');
  });

  it("escapes names in the service document's context", () => {
    expect(serviceDocument("http://h/odata", [{ name: "A" }])).toEqual({
      "@odata.context": "http://h/odata/$metadata",
      value: [{ name: "A", kind: "EntitySet", url: "A" }],
    });
  });
});

describe("$filter", () => {
  it("compares numbers, text, booleans, dates and datetimes", () => {
    expect(ids("amount gt 10")).toEqual([1, 2]);
    expect(ids("amount le -3")).toEqual([3]);
    expect(ids("10 lt amount")).toEqual([1, 2]);
    expect(ids("customer eq 'Acme'")).toEqual([1]);
    expect(ids("customer ne 'Acme'")).toEqual([2, 3]);
    expect(ids("paid eq false")).toEqual([2]);
    expect(ids("order_date ge 2026-02-01")).toEqual([2, 3]);
    expect(ids("updated_at lt 2026-02-01T10:00:00Z")).toEqual([1]);
    expect(ids("updated_at eq 2026-02-01T12:00:00+02:00")).toEqual([2]);
  });

  it("follows OData null semantics", () => {
    expect(ids("note eq null")).toEqual([1]);
    expect(ids("note ne null")).toEqual([2, 3]);
    expect(ids("note gt 'j'")).toEqual([3]);
    expect(ids("not (note eq 'ok')")).toEqual([1, 2]);
  });

  it("combines with and, or, not and parentheses", () => {
    expect(ids("paid eq true and amount gt 0")).toEqual([1]);
    expect(ids("paid eq false or amount lt 0")).toEqual([2, 3]);
    expect(ids("not (paid eq true and (amount gt 0 or customer eq 'x'))")).toEqual([2, 3]);
  });

  it("supports startswith, endswith and contains, case-sensitively, with quotes escaped", () => {
    expect(ids("startswith(customer,'Ac')")).toEqual([1]);
    expect(ids("contains(customer,'north')")).toEqual([3]);
    expect(ids("endswith(customer,'lis')")).toEqual([2]);
    expect(ids("contains(note,'it''s')")).toEqual([2]);
    expect(ids("not startswith(customer,'A')")).toEqual([2, 3]);
  });

  it("answers 501 for what it does not evaluate, 400 for what is wrong", () => {
    for (const filter of [
      "tolower(customer) eq 'acme'",
      "amount add 1 gt 2",
      "customer in ('a','b')",
      "length(customer) gt 2",
      "contains(customer,'A') eq true",
    ]) {
      expect(thrown(() => compileFilter(filter, model.properties)).status).toBe(501);
    }
    expect(thrown(() => compileFilter("nope eq 1", model.properties)).status).toBe(400);
    expect(thrown(() => compileFilter("amount eq 'x'", model.properties)).status).toBe(400);
    expect(thrown(() => compileFilter("startswith(amount,'1')", model.properties)).status).toBe(400);
  });
});

describe("query options", () => {
  const parse = (query: string) => parseQueryOptions(new URLSearchParams(query), model);

  it("reads $select, $top, $skip, $count and $orderby", () => {
    const options = parse("$select=customer,order_id&$top=5&$skip=2&$count=true&$orderby=amount desc,customer");
    expect(options.select.map((p) => p.name)).toEqual(["order_id", "customer"]);
    expect([options.top, options.skip, options.count]).toEqual([5, 2, true]);
    expect(options.orderBy.map((o) => [o.property.name, o.descending])).toEqual([
      ["amount", true],
      ["customer", false],
    ]);
  });

  it("refuses unsupported options with 501 and bad values with 400", () => {
    for (const query of [
      "$expand=x",
      "$search=acme",
      "$apply=groupby((customer))",
      "$format=xml",
      "$orderby=tolower(customer)",
    ]) {
      expect(thrown(() => parse(query)).status).toBe(501);
    }
    for (const query of ["$top=-1", "$skip=x", "$count=yes", "$select=nope", "$orderby=nope", "$top=1&$top=2"]) {
      expect(thrown(() => parse(query)).status).toBe(400);
    }
  });
});

describe("$skiptoken", () => {
  it("round-trips the paging state and is bound to its query", () => {
    const digest = queryDigest("Acme_Tower_orders", [["$filter", "amount gt 1"]]);
    const state = { cursor: "c_123", offset: 7, skip: 0, remaining: 10, count: 99 };
    const table = { projectId: "prj_acme_tower", tableId: "tbl_orders", fields: ["order_id", "amount"] };
    const token = encodeSkipToken(state, digest, table);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSkipToken(token, digest)).toEqual({ state, table });
    expect(thrown(() => decodeSkipToken(token, queryDigest("Acme_Tower_orders", []))).status).toBe(400);
    expect(thrown(() => decodeSkipToken("garbage!", digest)).status).toBe(400);
    expect(thrown(() => decodeSkipToken(Buffer.from('{"v":1,"offset":-1}').toString("base64url"), digest)).status).toBe(
      400,
    );
  });
});
