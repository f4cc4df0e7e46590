// Every rows page with a next one names it in `Link: <…>; rel="next"` (RFC 8288): the same
// request with the page's cursor, so a reader can ask for it before reading this page's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RowsPage } from "@layer/contracts";
import { startTokenApi, type TokenApi } from "../testing/index.js";
import { call } from "../testing/http.js";

let api: TokenApi;
let token: string;
beforeAll(async () => {
  api = await startTokenApi({ ordersRows: 25 });
  ({ token } = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - Link" }));
});
afterAll(() => api?.close());

const ROWS = "/v1/projects/prj_acme_tower/tables/tbl_orders/rows";
const get = (path: string) => call(`${api.url}${path}`, { token });
const linked = (link: string | null) => /^<([^>]+)>; rel="next"$/.exec(link ?? "")?.[1] ?? null;

describe('Link: rel="next" on rows pages', () => {
  for (const [name, query] of [
    ["in key order", "limit=10&fields=order_id,region"],
    ["filtered, sorted and counted", "limit=4&filter=amount%20gt%200&sort=amount%20desc&count=true"],
  ] as const) {
    it(`${name}: names the next page until the last, which has none`, async () => {
      let path: string | null = `${ROWS}?${query}`;
      const seen: unknown[] = [];
      let pages = 0;
      while (path !== null) {
        const reply = await get(path);
        expect(reply.status).toBe(200);
        const page = RowsPage.parse(reply.body);
        seen.push(...page.rows.map((r) => r["order_id"]));
        const next = linked(reply.headers.get("link"));
        if (page.nextCursor === null) {
          expect(reply.headers.get("link")).toBeNull();
        } else {
          const url = new URL(next ?? "", api.url);
          expect(url.pathname).toBe(ROWS);
          // The same request, at the page's cursor; only the first page counts.
          expect(url.searchParams.get("cursor")).toBe(page.nextCursor);
          expect(url.searchParams.has("count")).toBe(false);
          for (const [key, value] of new URLSearchParams(query))
            if (key !== "count") expect(url.searchParams.get(key)).toBe(value);
        }
        path = next;
        pages++;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThan(0);
      expect(pages).toBeGreaterThan(1);
    });
  }

  it("is exposed to a browser on another origin (the Excel task pane)", async () => {
    const cors = await startTokenApi({ ordersRows: 5, corsOrigins: ["https://localhost:3000"] });
    try {
      const { token: t } = await cors.operator.createToken({ email: "ada@example.com", name: "Excel - Link" });
      const reply = await call(`${cors.url}${ROWS}?limit=2`, {
        token: t,
        headers: { Origin: "https://localhost:3000" },
      });
      expect(reply.headers.get("access-control-expose-headers")?.split(/,\s*/)).toContain("Link");
    } finally {
      await cors.close();
    }
  });
});
