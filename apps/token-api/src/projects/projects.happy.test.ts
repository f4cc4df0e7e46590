import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Project, ProjectList, RowsPage, TableList, TableSchema } from "@layer/contracts";
import { startApiOn } from "../testing/api.js";
import { ENGINES } from "../testing/engines.js";
import { call } from "../testing/http.js";
import type { TokenApi } from "../testing/index.js";

describe.each(ENGINES)("projects, tables and rows on %s", (engine) => {
  let api: TokenApi;
  let token: string;
  beforeAll(async () => {
    api = await startApiOn(engine, { ordersRows: 2_500 });
    ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Acme" }));
  });
  afterAll(() => api?.close());
  const get = (path: string) => call(`${api.url}${path}`, { token });

  it("lists the owner's projects with role and customerExternalId", async () => {
    const r = await get("/v1/projects");
    expect(r.status).toBe(200);
    const { projects } = ProjectList.parse(r.body);
    expect(projects.map((p) => [p.id, p.role, p.customerExternalId])).toEqual([
      ["prj_acme_retail", "admin", "ACME-002"],
      ["prj_acme_tower", "admin", "ACME-001"],
    ]);
    const one = Project.parse((await get("/v1/projects/prj_acme_tower")).body);
    expect(one).toMatchObject({ id: "prj_acme_tower", name: "Acme Tower", organizationId: "org_acme" });
  });

  it("lists tables and gives the typed column schema", async () => {
    const { tables } = TableList.parse((await get("/v1/projects/prj_acme_tower/tables")).body);
    expect(tables).toEqual([
      { id: "tbl_orders", projectId: "prj_acme_tower", name: "Orders", rowCount: 2_500 },
      { id: "tbl_sites", projectId: "prj_acme_tower", name: "Sites", rowCount: 12 },
    ]);
    const schema = TableSchema.parse((await get("/v1/projects/prj_acme_tower/tables/tbl_orders")).body);
    expect(schema.primaryKey).toBe("order_id");
    expect(schema.columns.map((c) => `${c.name}:${c.type}${c.nullable ? "?" : ""}`)).toEqual([
      "order_id:number",
      "customer:string",
      "region:string",
      "amount:number",
      "paid:boolean",
      "order_date:date",
      "updated_at:datetime",
      "note:string?",
    ]);
  });

  it("pages through every row once, in key order, with a null cursor on the last page", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(
        `/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(r.status).toBe(200);
      const page: RowsPage = RowsPage.parse(r.body);
      expect(page.totalRows).toBe(2_500);
      seen.push(...page.rows.map((row) => row["order_id"] as number));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
  });

  it("defaults to 1,000 rows and ends exactly on a full last page", async () => {
    const first = RowsPage.parse((await get("/v1/projects/prj_acme_tower/tables/tbl_orders/rows")).body);
    expect(first.rows).toHaveLength(1_000);
    const sites = RowsPage.parse((await get("/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=12")).body);
    expect(sites.rows).toHaveLength(12);
    expect(sites.nextCursor).toBeNull();
    expect(sites.rows[0]).toEqual({
      site_id: "SITE-001",
      name: expect.any(String),
      opened: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      active: true,
    });
  });

  it("returns only the named fields, in the order asked, with JSON types per column", async () => {
    const r = await get(
      "/v1/projects/prj_acme_tower/tables/tbl_orders/rows?limit=20&fields=note,order_id,paid,updated_at",
    );
    const page = RowsPage.parse(r.body);
    expect(page.columns.map((c) => c.name)).toEqual(["note", "order_id", "paid", "updated_at"]);
    expect(Object.keys(page.rows[0]!)).toEqual(["note", "order_id", "paid", "updated_at"]);
    expect(page.rows[9]).toEqual({
      note: "Rush delivery",
      order_id: 10,
      paid: true,
      updated_at: "2024-01-01T00:16:10Z",
    });
    expect(page.rows[0]!["note"]).toBeNull();
  });

  it("orders string keys byte-wise and pages them with cursors", async () => {
    const { token: retail } = await api.operator.createToken({ email: "ada@example.com", name: "Retail" });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        `${api.url}/v1/projects/prj_acme_retail/tables/tbl_stores/rows?limit=7${cursor ? `&cursor=${cursor}` : ""}`,
        { token: retail },
      );
      const page: RowsPage = RowsPage.parse(r.body);
      ids.push(...page.rows.map((row) => row["store_id"] as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(40);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(40);
  });
});
