import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type StdioConnection, textOf } from "./test-support/stdio-client.js";

const ORDERS_ROWS = 1_200;
let api: TokenApi;
let mcp: StdioConnection;
let token: string;

beforeAll(async () => {
  api = await startTokenApi({ ordersRows: ORDERS_ROWS });
  ({ token } = await api.operator.createToken({
    email: "ada@example.com",
    name: "Claude Desktop MCP server",
    expires: "90d",
  }));
  mcp = await connectStdio({ LAYER_API_URL: api.url, LAYER_API_TOKEN: token });
});

afterAll(async () => {
  await mcp?.close();
  await api?.close();
});

describe("the stdio server, through the SDK's Client, against a live token API", () => {
  it("introduces itself and lists five read-only tools with input and output schemas", async () => {
    expect(mcp.client.getServerVersion()).toMatchObject({ name: "layer" });
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "describe_table",
      "list_projects",
      "list_tables",
      "query_rows",
      "token_status",
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.description).toBeTruthy();
    }
  });

  it("token_status names the token, masks it and says how long it lasts", async () => {
    const result = await mcp.call("token_status");
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      name: "Claude Desktop MCP server",
      maskedToken: expect.stringMatching(/^lp_live_[0-9A-Z]{16}_…$/),
      env: "live",
      daysLeft: 90,
      user: { email: "ada@example.com" },
      rotation: null,
    });
    expect(result.content[0]).toMatchObject({
      type: "text",
      text: expect.stringContaining('"Claude Desktop MCP server"'),
    });
    expect(textOf(result)).toContain("(in 90 days)");
    // A token made with its owner's full access: read-write, every project, as whoami lists them.
    expect(result.structuredContent).toMatchObject({
      access: "read-write",
      projectIds: null,
      projects: [
        { id: "prj_acme_retail", name: "Acme Retail" },
        { id: "prj_acme_tower", name: "Acme Tower" },
      ],
      organizations: [{ id: "org_acme", name: "Acme Analytics", role: "owner" }],
      organization: null,
    });
    expect(textOf(result)).toContain("Read and write; reaches all its owner's projects");
  });

  it("list_projects and list_tables answer with structured content and a one-line summary", async () => {
    const projects = await mcp.call("list_projects");
    expect(projects.structuredContent?.["projects"]).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "prj_acme_tower", name: "Acme Tower" })]),
    );
    expect(projects.content[0]).toMatchObject({
      text: expect.stringMatching(/^2 Layer projects: .*Acme Tower \(prj_acme_tower\)/),
    });
    const tables = await mcp.call("list_tables", { projectId: "prj_acme_tower" });
    expect(tables.structuredContent).toMatchObject({
      projectId: "prj_acme_tower",
      tables: expect.arrayContaining([{ id: "tbl_orders", name: expect.any(String), rowCount: ORDERS_ROWS }]),
    });
  });

  it("describe_table gives the columns and their types", async () => {
    const result = await mcp.call("describe_table", { projectId: "prj_acme_tower", tableId: "tbl_orders" });
    expect(result.structuredContent).toMatchObject({ id: "tbl_orders", primaryKey: "order_id", rowCount: ORDERS_ROWS });
    expect(result.structuredContent?.["columns"]).toContainEqual({ name: "order_date", type: "date", nullable: false });
    expect(result.structuredContent?.["columns"]).toContainEqual({ name: "note", type: "string", nullable: true });
  });

  it("query_rows returns 100 rows by default and a cursor that walks the whole table once", async () => {
    const seen = new Set<unknown>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await mcp.call("query_rows", {
        projectId: "prj_acme_tower",
        tableId: "tbl_orders",
        fields: ["order_id", "amount"],
        ...(cursor ? { cursor } : {}),
      });
      expect(result.isError).toBeFalsy();
      const page = result.structuredContent as { rows: Record<string, unknown>[]; nextCursor: string | null };
      expect(page.rows.length).toBeLessThanOrEqual(100);
      for (const row of page.rows) {
        expect(Object.keys(row).sort()).toEqual(["amount", "order_id"]);
        seen.add(row["order_id"]);
      }
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(ORDERS_ROWS / 100);
    expect(seen.size).toBe(ORDERS_ROWS);
  });

  it("query_rows cuts a page that would not fit the byte cap, and its cursor continues right after the last row", async () => {
    const first = await mcp.call("query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders", limit: 1_000 });
    const page = first.structuredContent as { rows: { order_id: number }[]; nextCursor: string; cutForSize: boolean };
    expect(page.cutForSize).toBe(true);
    expect(page.rows.length).toBeLessThan(1_000);
    expect(Buffer.byteLength(JSON.stringify(page.rows))).toBeLessThanOrEqual(64 * 1024);
    expect(textOf(first)).toMatch(/cut to stay under 64 KB/);
    const next = await mcp.call("query_rows", {
      projectId: "prj_acme_tower",
      tableId: "tbl_orders",
      limit: 1,
      cursor: page.nextCursor,
    });
    const after = (next.structuredContent as { rows: { order_id: number }[] }).rows[0];
    expect(after?.order_id).toBe((page.rows.at(-1)?.order_id ?? 0) + 1);
  });

  it("refuses a limit over the hard cap before calling the API", async () => {
    const result = await mcp.call("query_rows", { projectId: "prj_acme_tower", tableId: "tbl_orders", limit: 5_000 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/limit/);
  });

  it("says which table is missing and what to call, for an unknown table or a wrong column", async () => {
    const missing = await mcp.call("describe_table", { projectId: "prj_acme_tower", tableId: "tbl_nope" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/no table "tbl_nope" of project "prj_acme_tower".*list_tables/s);
    const badField = await mcp.call("query_rows", {
      projectId: "prj_acme_tower",
      tableId: "tbl_orders",
      fields: ["no_such_column"],
    });
    expect(badField.isError).toBe(true);
    expect(textOf(badField)).toMatch(/refused the request: .*no_such_column/s);
  });

  it("serves table schemas as resources from a template, listed and completed", async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates).toContainEqual(
      expect.objectContaining({ uriTemplate: "layer://projects/{projectId}/tables/{tableId}" }),
    );
    const { resources } = await mcp.client.listResources();
    expect(resources.map((r) => r.uri)).toContain("layer://projects/prj_acme_tower/tables/tbl_sites");
    const read = await mcp.client.readResource({ uri: "layer://projects/prj_acme_tower/tables/tbl_sites" });
    const content = read.contents[0] as { mimeType: string; text: string };
    expect(content.mimeType).toBe("application/json");
    expect(JSON.parse(content.text)).toMatchObject({ id: "tbl_sites", primaryKey: "site_id" });
    const completion = await mcp.client.complete({
      ref: { type: "ref/resource", uri: "layer://projects/{projectId}/tables/{tableId}" },
      argument: { name: "tableId", value: "tbl_s" },
      context: { arguments: { projectId: "prj_acme_tower" } },
    });
    expect(completion.completion.values).toEqual(["tbl_sites"]);
  });
});
